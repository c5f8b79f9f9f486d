package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as CI runs it: the whole demo as a program, in a JVM and temporary
 * folder of its own, on its own embedded broker, small.
 */
@Tag("integration")
class DemoTest {

    @Test
    void theDemoVerifiesEveryArrayExitsZeroAndLeavesNothingInTheTempFolder(@TempDir Path work) throws Exception {
        try (ChildJvm demo = ChildJvm.start(work, Demo.class, "--devices", "2", "--readings", "24")) {
            String output = String.join("\n", demo.readUntil(line -> false));
            System.out.println(output);
            assertEquals(0, demo.awaitExit(), output + "\n" + demo.stderr());
            assertTrue(output.contains("arrays verified:       48/48 volts, 4/4 windows"), output);
            assertTrue(output.contains("OK: every array verified"), output);
            if ("1".equals(System.getenv("KAFKANPY_REQUIRE_NUMPY"))) {
                assertTrue(output.contains("240/240 arrays decoded, checksums equal Java's"), "the Python consumer ran: " + output);
            }
            assertEquals(List.of(), demo.leftovers(), "left in the temp folder");
        }
    }

    @Test
    void sigtermInTheMiddleStopsTheAppAndTheBrokerAndLeavesNothingInTheTempFolder(@TempDir Path work) throws Exception {
        // one reading a second: the demo is still producing when the signal comes
        try (ChildJvm demo = ChildJvm.start(work, Demo.class, "--devices", "1", "--readings", "600", "--rate", "1",
                "--no-python")) {
            List<String> output = demo.readUntil(line -> line.startsWith("Producing"));
            assertTrue(output.get(output.size() - 1).startsWith("Producing"), output + "\n" + demo.stderr());
            assertEquals(2, demo.leftovers().size(), "the broker's and the Streams app's directories: " + demo.leftovers());
            demo.terminate();
            assertEquals(ChildJvm.SIGTERM_EXIT, demo.awaitExit(), "ended by the signal");
            assertEquals(List.of(), demo.leftovers(), "left in the temp folder; standard error:\n" + demo.stderr());
        }
    }

    @Test
    void badArgumentsExitTwoWithUsage() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        assertEquals(2, Demo.run(new String[] {"--devices"}, new PrintStream(buffer, true, StandardCharsets.UTF_8)));
        assertTrue(buffer.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }
}
