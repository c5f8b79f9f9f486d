package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapeHeaderTest {

    @Test
    void theHeaderFormParses() {
        assertArrayEquals(new int[0], ShapeHeader.parse(""));
        assertArrayEquals(new int[] {7}, ShapeHeader.parse("7"));
        assertArrayEquals(new int[] {2, 3}, ShapeHeader.parse("2,3"));
        assertArrayEquals(new int[] {0, 4, 2147483647}, ShapeHeader.parse("0,4,2147483647"));
        assertArrayEquals(new int[64], ShapeHeader.parse("0" + ",0".repeat(63)));
    }

    @Test
    void formatIsWhatParseReads() {
        int[] shape = {28, 28, 3};
        assertEquals("28,28,3", ShapeHeader.format(shape));
        assertArrayEquals(shape, ShapeHeader.parse(ShapeHeader.format(shape)));
        assertEquals("", ShapeHeader.format(new int[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2;3", "-1", "+1", "1,,2", ",", "1 2", "0x10", "\u0663", "12345678901", "1.0",
        " 2,3", "2,3 ", "2, 3", "(2,3)", "7,", "\u00002,3", "2,3\u0000"})
    void anythingButCommaSeparatedDecimalDigitsIsRefusedNamingTheShape(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShapeHeader.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void dimensionsPastIntRangeAndMoreThan64AxesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShapeHeader.parse("2147483648")).getMessage()
                .contains("larger than 2147483647"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShapeHeader.parse("1" + ",1".repeat(64)))
                .getMessage().contains("at most 64"));
    }
}
