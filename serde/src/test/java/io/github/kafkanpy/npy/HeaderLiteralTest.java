package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Header literals at the edge of what {@code ast.literal_eval} and numpy's checks take. Every
 * verdict here is numpy's own: each header was given to {@code np.load} under numpy 2.4.6 and
 * numpy 1.24.2, which agree on all of them.
 */
class HeaderLiteralTest {
    private static final byte[] SIX_FLOATS = new byte[24];

    @ParameterizedTest(name = "descr {0}, shape {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "u'<f4' | (6,)",
        "r'<f4' | (6,)",
        "'<f' '4' | (6,)",
        "'<f4' | (+6,)",
        "'<f4' | (0x6,)",
        "'<f4' | ( 6 , )",
    })
    void headersNumpyReadsAreRead(String descr, String shape) {
        NdArray a = Npy.read(MalformedNpyTest.npy(1, header(descr, shape), SIX_FLOATS));
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {6}, a.shape());
    }

    @ParameterizedTest(name = "descr {0}, shape {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "b'<f4' | (6,) | not a valid dtype descriptor",
        "B'<f4' | (6,) | not a valid dtype descriptor",
        "'<f' b'4' | (6,) | bytes and str",
        "b'<f' '4' | (6,) | bytes and str",
        "ur'<f4' | (6,) | code, not a literal",
        "'<f4' | (- -6,) | a sign applied to a signed number",
        "'<f4' | (+ +6,) | a sign applied to a signed number",
        "'<f4' | (- 6,) | negative",
        "'<f4' | (1+5,) | expected ',' or ')' in a tuple",
        "'<f4' | (6.0,) | not an integer",
        "'<f4' | (True, 6) | not an integer",
        "'<f4' | [6] | not a tuple",
    })
    void headersNumpyRefusesAreRefused(String descr, String shape, String problem) {
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(MalformedNpyTest.npy(1, header(descr, shape), SIX_FLOATS)));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static String header(String descr, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
    }
}
