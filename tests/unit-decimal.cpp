// Exact decimal arithmetic (alliance/decimal.hpp): parsing, exact sums and differences, one
// rounding. The oracle for the random cases is independent of the code under test: for decimals
// with one place, i/10 - j/10 is exactly (i - j)/10, and the double nearest to that is one IEEE
// division of two exact integers, (i - j) / 10.0.
#include <doctest/doctest.h>

#include <alliance/decimal.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

using alliance::decimal;
using alliance::decimal_sum;
using alliance::exact_difference;

TEST_CASE("decimal::parse reads plain decimal text exactly") {
    const auto check = [](const char* text, std::int64_t digits, int exponent) {
        const auto d = decimal::parse(text);
        REQUIRE(d.has_value());
        CHECK(d->digits() == digits);
        CHECK(d->exponent() == exponent);
    };
    check("25.1", 251, -1);
    check("-13.40", -1340, -2);
    check("0.05", 5, -2);
    check("007", 7, 0);
    check("+3", 3, 0);
    check("1e3", 1, 3);
    check("1.5e-07", 15, -8);
    check("2E+2", 2, 2);
    check("0", 0, 0);
    check("1.", 1, 0);
    for (const char* bad : {"", "-", ".", "abc", "1,5", "1.5x", "0x10", "inf", "nan", " 1", "1e", "1e+", "--1"})
        CHECK_MESSAGE(!decimal::parse(bad), bad);
    // At most 18 significant digits; leading zeros do not count.
    CHECK(decimal::parse("123456789012345678"));
    CHECK_FALSE(decimal::parse("1234567890123456789"));
    CHECK(decimal::parse("0.000000000000000000123456789012345678"));
}

TEST_CASE("decimal::of gives the decimal a double was read from") {
    CHECK(decimal::of(25.1)->digits() == 251);
    CHECK(decimal::of(25.1)->exponent() == -1);
    CHECK(decimal::of(1e300)->exponent() == 300);
    CHECK(decimal::of(-0.0)->digits() == 0);
    CHECK_FALSE(decimal::of(std::numeric_limits<double>::quiet_NaN()));
    CHECK_FALSE(decimal::of(std::numeric_limits<double>::infinity()));
}

TEST_CASE("to_double is the double nearest to the exact value") {
    CHECK(decimal(117, -1).to_double() == 11.7);
    CHECK(decimal(360, -1).to_double() == 36.0);
    CHECK(decimal(-28, -1).to_double() == -2.8);
    CHECK(decimal(5, 3).to_double() == 5000.0);
    // Beyond one exact division: through the text, still correctly rounded.
    CHECK(decimal(123456789012345678, -20).to_double() == 0.00123456789012345678);
    CHECK(decimal(17, 300).to_double() == 1.7e301);
    CHECK(decimal(1, 400).to_double() == std::numeric_limits<double>::infinity());
    CHECK(decimal(-1, 400).to_double() == -std::numeric_limits<double>::infinity());
    CHECK(decimal(1, -400).to_double() == 0.0);
}

TEST_CASE("sums and differences are exact; overflow is reported, not wrapped") {
    const auto difference = decimal(251, -1) - *decimal::parse("13.4");
    CHECK(difference->to_double() == 11.7);
    CHECK((decimal(5, 0) + decimal(25, -2))->digits() == 525);  // 5 + 0.25 = 5.25
    CHECK((decimal(5, 0) + decimal(25, -2))->exponent() == -2);
    CHECK_FALSE(decimal(1, 0) + decimal(1, -19));  // 10^19 does not fit 18 digits x int64
    CHECK_FALSE(decimal(std::numeric_limits<std::int64_t>::max(), 0) + decimal(1, 0));
    CHECK(decimal(25, -1).times(3)->digits() == 75);
    CHECK_FALSE(decimal(std::numeric_limits<std::int64_t>::max(), 0).times(2));
    CHECK(decimal(359, -1).divided_by(4) == 8.975);  // 35.9 / 4
    CHECK(decimal(1, 0).divided_by(3) == 1.0 / 3.0);
}

TEST_CASE("exact_difference: the decimals' difference, rounded once") {
    CHECK(25.1 - 13.4 != 11.7);  // the binary noise in question
    CHECK(exact_difference(25.1, 13.4) == 11.7);
    CHECK(exact_difference(2.3, 1.3) == 1.0);  // binary: 0.9999999999999998
    CHECK(exact_difference(4.4, 2.4) == 2.0);  // binary: 2.0000000000000004
    CHECK(exact_difference(12, 10) == 2);
    CHECK(exact_difference(1e300, -1e300) == 2e300);
    // Non-finite inputs keep IEEE's answer.
    CHECK(std::isnan(exact_difference(std::numeric_limits<double>::quiet_NaN(), 1.5)));
    CHECK(exact_difference(std::numeric_limits<double>::infinity(), 1.5) == std::numeric_limits<double>::infinity());

    std::mt19937_64 rng(20261129);
    std::uniform_int_distribution<int> tenths(-100000, 100000);
    for (int k = 0; k < 100000; ++k) {
        const int i = tenths(rng);
        const int j = tenths(rng);
        const double expected = static_cast<double>(i - j) / 10.0;
        const double got = exact_difference(static_cast<double>(i) / 10.0, static_cast<double>(j) / 10.0);
        if (got != expected) {
            FAIL_CHECK("i = " << i << ", j = " << j << ": " << got << " != " << expected);
            break;
        }
    }
}

TEST_CASE("decimal_sum: exact means and differences from the mean") {
    decimal_sum sum;
    for (const double x : {8.6, 9.7, 9.9, 7.8}) sum.add(x);
    CHECK(sum.total() == 36.0);
    CHECK(sum.mean() == 9.0);
    CHECK(sum.difference_from_mean(9.1) == 0.1);  // (4 x 9.1 - 36) / 4

    // Random tenths: the mean is (sum of the integers) / (10 n), one exact division.
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> tenths(0, 400);
    for (int trial = 0; trial < 2000; ++trial) {
        decimal_sum running;
        std::int64_t total = 0;
        const int n = 1 + trial % 12;
        for (int k = 0; k < n; ++k) {
            const int t = tenths(rng);
            total += t;
            running.add(static_cast<double>(t) / 10.0);
        }
        const int x = tenths(rng);
        REQUIRE(running.mean() == static_cast<double>(total) / (10.0 * n));
        REQUIRE(running.difference_from_mean(static_cast<double>(x) / 10.0) ==
                static_cast<double>(static_cast<std::int64_t>(n) * x - total) / (10.0 * n));
    }
}
