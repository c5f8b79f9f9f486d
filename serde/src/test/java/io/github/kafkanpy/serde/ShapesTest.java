package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void theHeaderFormAndPythonTupleSpellingsParse() {
        assertArrayEquals(new int[0], Shapes.parse(""));
        assertArrayEquals(new int[0], Shapes.parse("()"));
        assertArrayEquals(new int[] {7}, Shapes.parse("7"));
        assertArrayEquals(new int[] {7}, Shapes.parse("(7,)"));
        assertArrayEquals(new int[] {2, 3}, Shapes.parse(" ( 2 , 3 ) "));
        assertArrayEquals(new int[] {0, 4, 2147483647}, Shapes.parse("0,4,2147483647"));
        assertArrayEquals(new int[64], Shapes.parse("0,".repeat(64)));
    }

    @Test
    void formatIsWhatParseReads() {
        int[] shape = {28, 28, 3};
        assertEquals("28,28,3", Shapes.format(shape));
        assertArrayEquals(shape, Shapes.parse(Shapes.format(shape)));
        assertEquals("", Shapes.format(new int[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2;3", "-1", "+1", "1,,2", ",", "1 2", "0x10", "\u0663", "12345678901", "1.0"})
    void anythingButCommaSeparatedDecimalDigitsIsRefusedNamingTheShape(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void dimensionsPastIntRangeAndMoreThan64AxesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shapes.parse("2147483648")).getMessage()
                .contains("larger than 2147483647"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shapes.parse("1,".repeat(65)))
                .getMessage().contains("at most 64"));
    }
}
