// Exact decimal arithmetic for scores that are decimals by nature: marks on a 10 cm line read
// to the millimetre, and sums and differences of them.
//
// A double read from "25.1" is not 25.1 but the nearest binary fraction, so in binary
// 25.1 - 13.4 is 11.700000000000001 and 8.6 + 9.7 + 9.9 + 7.8 is 35.99999999999999, below a
// cut-off of 36 that the exact total meets. The decimal a double stands for is its shortest
// round-trip text (std::to_chars: "25.1"); on those decimals sums and differences are exact, and
// rounding the exact result once gives the double nearest to it (printed "11.7", "36").
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <system_error>

namespace alliance {

// digits x 10^exponent, exactly.
class decimal {
public:
    constexpr decimal(std::int64_t digits, int exponent) noexcept : digits_(digits), exponent_(exponent) {}

    [[nodiscard]] constexpr std::int64_t digits() const noexcept { return digits_; }
    [[nodiscard]] constexpr int exponent() const noexcept { return exponent_; }

    // Plain decimal text: [+-]digits[.digits][(e|E)[+-]digits], at most 18 significant digits.
    // Empty for anything else (no hex, no inf/nan, no spaces).
    [[nodiscard]] static std::optional<decimal> parse(std::string_view text) noexcept {
        std::size_t i = 0;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
        std::int64_t digits = 0;
        int exponent = 0;
        int significant = 0;
        bool any_digit = false;
        bool in_fraction = false;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '.' && !in_fraction) {
                in_fraction = true;
                continue;
            }
            if (c < '0' || c > '9') break;
            any_digit = true;
            if (digits == 0 && c == '0') {  // leading zeros carry no digit
                if (in_fraction) --exponent;
                continue;
            }
            if (++significant > max_digits) return std::nullopt;
            digits = digits * 10 + (c - '0');
            if (in_fraction) --exponent;
        }
        if (!any_digit) return std::nullopt;
        if (i < text.size()) {
            if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
            int power = 0;
            std::string_view rest = text.substr(i + 1);
            if (!rest.empty() && rest.front() == '+') rest.remove_prefix(1);
            const auto [end, status] = std::from_chars(rest.data(), rest.data() + rest.size(), power);
            if (status != std::errc{} || end != rest.data() + rest.size()) return std::nullopt;
            if (power > max_exponent || power < -max_exponent) return std::nullopt;
            exponent += power;
        }
        return decimal(negative ? -digits : digits, exponent);
    }

    // The decimal a finite double stands for: its shortest round-trip text. Empty for NaN and
    // infinity.
    [[nodiscard]] static std::optional<decimal> of(double x) noexcept {
        if (!std::isfinite(x)) return std::nullopt;
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
        return parse(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
    }

    // The double nearest to the exact value (ties to even), as from_chars reads it.
    [[nodiscard]] double to_double() const noexcept {
        // One IEEE operation on exact operands is correctly rounded: digits below 2^53 and
        // powers of ten up to 1e22 are exact doubles.
        constexpr std::int64_t exact_limit = std::int64_t{1} << 53;
        if (digits_ > -exact_limit && digits_ < exact_limit && exponent_ >= -22 && exponent_ <= 22) {
            const double d = static_cast<double>(digits_);
            return exponent_ >= 0 ? d * power_of_ten(exponent_) : d / power_of_ten(-exponent_);
        }
        char buffer[48];
        auto end = std::to_chars(buffer, buffer + 24, digits_).ptr;
        *end++ = 'e';
        end = std::to_chars(end, buffer + sizeof buffer, exponent_).ptr;
        double value = 0;
        if (std::from_chars(buffer, end, value).ec == std::errc::result_out_of_range) {
            // Beyond the doubles: overflow to infinity, underflow to zero, with the sign.
            const double magnitude = exponent_ > 0 ? HUGE_VAL : 0.0;
            return digits_ < 0 ? -magnitude : magnitude;
        }
        return value;
    }

    // a - b and a + b exactly; empty when the result does not fit 18 digits at the finer of the
    // two exponents.
    [[nodiscard]] friend std::optional<decimal> operator-(const decimal& a, const decimal& b) noexcept {
        return a + decimal(-b.digits_, b.exponent_);
    }
    [[nodiscard]] friend std::optional<decimal> operator+(const decimal& a, const decimal& b) noexcept {
        std::int64_t x = a.digits_;
        std::int64_t y = b.digits_;
        const int exponent = a.exponent_ < b.exponent_ ? a.exponent_ : b.exponent_;
        if (!rescale(x, a.exponent_ - exponent) || !rescale(y, b.exponent_ - exponent)) return std::nullopt;
        std::int64_t sum = 0;
        if (__builtin_add_overflow(x, y, &sum)) return std::nullopt;
        return decimal(sum, exponent);
    }

    // this x k exactly; empty when it does not fit 18 digits.
    [[nodiscard]] std::optional<decimal> times(std::int64_t k) const noexcept {
        std::int64_t product = 0;
        if (__builtin_mul_overflow(digits_, k, &product)) return std::nullopt;
        return decimal(product, exponent_);
    }

    // this / k (k > 0) as the double nearest to the exact quotient: one division of two exact
    // doubles where the digits allow it (a mean of decimal scores), else through to_double().
    [[nodiscard]] double divided_by(std::int64_t k) const noexcept {
        constexpr std::int64_t exact_limit = std::int64_t{1} << 53;
        const bool exact_digits = digits_ > -exact_limit && digits_ < exact_limit;
        if (exact_digits && exponent_ <= 0 && exponent_ >= -15 && k > 0) {
            const double denominator = static_cast<double>(k) * power_of_ten(-exponent_);
            if (denominator < static_cast<double>(exact_limit)) return static_cast<double>(digits_) / denominator;
        }
        if (exact_digits && exponent_ >= 0 && exponent_ <= 22 && k > 0 && k < exact_limit) {
            const double numerator = static_cast<double>(digits_) * power_of_ten(exponent_);
            if (numerator > -static_cast<double>(exact_limit) && numerator < static_cast<double>(exact_limit))
                return numerator / static_cast<double>(k);
        }
        return to_double() / static_cast<double>(k);
    }

private:
    static constexpr int max_digits = 18;
    static constexpr int max_exponent = 400;

    [[nodiscard]] static constexpr double power_of_ten(int n) noexcept {
        double p = 1;
        for (int i = 0; i < n; ++i) p *= 10;  // exact for n <= 22
        return p;
    }
    // Multiplies by 10^steps; false on overflow.
    [[nodiscard]] static bool rescale(std::int64_t& value, int steps) noexcept {
        for (int i = 0; i < steps; ++i)
            if (__builtin_mul_overflow(value, std::int64_t{10}, &value)) return false;
        return true;
    }

    std::int64_t digits_;
    int exponent_;
};

// minuend - subtrahend taken on the decimals the two doubles stand for, rounded once:
// exact_difference(25.1, 13.4) is the double nearest 11.7. Whole numbers (every Likert sum)
// take the plain, already exact subtraction; numbers with more digits than 18 fall back to it.
[[nodiscard]] inline double exact_difference(double minuend, double subtrahend) noexcept {
    constexpr double exact_integers = 9007199254740992.0;  // 2^53
    if (std::trunc(minuend) == minuend && std::trunc(subtrahend) == subtrahend && std::fabs(minuend) < exact_integers &&
        std::fabs(subtrahend) < exact_integers)
        return minuend - subtrahend;
    const auto a = decimal::of(minuend);
    const auto b = decimal::of(subtrahend);
    if (!a || !b) return minuend - subtrahend;
    const auto result = *a - *b;
    return result ? result->to_double() : minuend - subtrahend;
}

// A sum of doubles taken on the decimals they stand for, for means and running means of
// decimal scores; falls back to binary addition if a term has more than 18 digits.
class decimal_sum {
public:
    void add(double x) noexcept {
        binary_ += x;
        ++count_;
        if (!exact_) return;
        const auto term = decimal::of(x);
        exact_ = term ? *exact_ + *term : std::nullopt;
    }
    [[nodiscard]] std::int64_t count() const noexcept { return count_; }
    [[nodiscard]] double total() const noexcept { return exact_ ? exact_->to_double() : binary_; }
    // The mean, correctly rounded (count() > 0).
    [[nodiscard]] double mean() const noexcept {
        return exact_ ? exact_->divided_by(count_) : binary_ / static_cast<double>(count_);
    }
    // x - mean(), as (count x x - sum) / count rounded once (count() > 0).
    [[nodiscard]] double difference_from_mean(double x) const noexcept {
        if (exact_) {
            const auto term = decimal::of(x);
            const auto scaled = term ? term->times(count_) : std::nullopt;
            const auto numerator = scaled ? *scaled - *exact_ : std::nullopt;
            if (numerator) return numerator->divided_by(count_);
        }
        return x - binary_ / static_cast<double>(count_);
    }

private:
    std::optional<decimal> exact_ = decimal(0, 0);
    double binary_ = 0;
    std::int64_t count_ = 0;
};

}  // namespace alliance
