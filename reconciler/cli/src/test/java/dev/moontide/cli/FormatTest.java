package dev.moontide.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FormatTest {

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "65536, 65536", "0, 0", "512B, 512", "64K, 65536", "64k, 65536", "16M, 16777216", "16m, 16777216",
        "16MiB, 16777216", "16MB, 16777216", "1G, 1073741824", "2GiB, 2147483648", "'  8M ', 8388608"})
    void parsesSizesInBinaryUnits(String text, long bytes) {
        assertEquals(bytes, Format.parseSize(text));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "16X | '16X' is not a size (e.g. 65536, 64K, 16M, 1G)",
        "-1 | '-1' is not a size (e.g. 65536, 64K, 16M, 1G)",
        "1.5M | '1.5M' is not a size (e.g. 65536, 64K, 16M, 1G)",
        "M | 'M' is not a size (e.g. 65536, 64K, 16M, 1G)",
        "99999999999G | '99999999999G' is too large",
        "99999999999999999999 | '99999999999999999999' is too large"})
    void refusesWhatIsNotASize(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Format.parseSize(text)).getMessage());
    }

    @ParameterizedTest(name = "{0} bytes print as {1}")
    @CsvSource({"0, 0B", "1023, 1023B", "1024, 1K", "24576, 24K", "1572864, 1.5M", "16777216, 16M",
        "1073741824, 1G", "10485760, 10M", "1048575, 1M"})
    void printsSizesShort(long bytes, String text) {
        assertEquals(text, Format.size(bytes));
    }

    @ParameterizedTest(name = "{0} ns is {1}")
    @CsvSource({"-5, 0s", "999999999, 0s", "45000000000, 45s", "723000000000, 12m03s", "11220000000000, 3h07m",
        "187200000000000, 2d04h"})
    void printsAges(long ns, String text) {
        assertEquals(text, Format.age(ns));
    }

    @Test
    void alignsTablesWithTwoSpacesAndNoTrailingPadding() {
        assertEquals(List.of("A    BB", "xxx  y", "z    longer"),
                Format.table(List.of("A", "BB"), List.of(List.of("xxx", "y"), List.of("z", "longer"))));
    }

    @Test
    void keepsErrorsOnOneLine() {
        assertEquals("a\\nb\\x09c", Format.oneLine("a\nb\tc"));
    }
}
