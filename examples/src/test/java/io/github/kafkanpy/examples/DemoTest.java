package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command, as CI runs it: the whole demo on its own embedded broker, small. */
class DemoTest {

    @Test
    void theDemoVerifiesEveryArrayAndExitsZero() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            exit = Demo.run(new String[] {"--devices", "2", "--readings", "24"}, out);
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertEquals(0, exit, output);
        assertTrue(output.contains("arrays verified:       48/48 volts, 4/4 windows"), output);
        assertTrue(output.contains("OK: every array verified"), output);
        if ("1".equals(System.getenv("KAFKANPY_REQUIRE_NUMPY"))) {
            assertTrue(output.contains("96/96 arrays decoded, checksums equal Java's"), "the Python consumer ran: " + output);
        }
    }

    @Test
    void badArgumentsExitTwoWithUsage() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        assertEquals(2, Demo.run(new String[] {"--devices"}, new PrintStream(buffer, true, StandardCharsets.UTF_8)));
        assertTrue(buffer.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }
}
