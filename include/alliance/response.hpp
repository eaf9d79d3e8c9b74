// One answer to one item. A response is a number, or explicitly "missing", or explicitly
// "does not apply" (the CARE measure's N/A option). Missing is never zero and never a NaN:
// a NaN or infinite number given as a response is an error when scored, not a missing value.
#pragma once

#include <cstdint>

namespace alliance {

enum class response_kind : std::uint8_t { value, missing, not_applicable };

class response {
public:
    // A response nobody gave is missing, never zero.
    constexpr response() noexcept : value_(0.0), kind_(response_kind::missing) {}
    // Implicit from numbers, so a record reads as {5, 4, missing, 3}.
    constexpr response(double number) noexcept : value_(number), kind_(response_kind::value) {}
    constexpr response(int number) noexcept
        : value_(static_cast<double>(number)), kind_(response_kind::value) {}

    [[nodiscard]] static constexpr response make_missing() noexcept {
        return response(response_kind::missing);
    }
    [[nodiscard]] static constexpr response make_not_applicable() noexcept {
        return response(response_kind::not_applicable);
    }

    [[nodiscard]] constexpr response_kind kind() const noexcept { return kind_; }
    [[nodiscard]] constexpr bool has_value() const noexcept { return kind_ == response_kind::value; }
    [[nodiscard]] constexpr bool is_missing() const noexcept { return kind_ == response_kind::missing; }
    [[nodiscard]] constexpr bool is_not_applicable() const noexcept {
        return kind_ == response_kind::not_applicable;
    }
    // The number given; meaningful only when has_value().
    [[nodiscard]] constexpr double value() const noexcept { return value_; }

    friend constexpr bool operator==(const response&, const response&) = default;

private:
    constexpr explicit response(response_kind kind) noexcept : value_(0.0), kind_(kind) {}

    double value_;
    response_kind kind_;
};

// The markers to write in a record: score(wai_sr, {5, 4, alliance::missing, ...}).
inline constexpr response missing = response::make_missing();
inline constexpr response not_applicable = response::make_not_applicable();

}  // namespace alliance
