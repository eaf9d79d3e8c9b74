// Numbers in messages and output use the shortest text that reads back to the same double
// (std::to_chars), so an error quotes exactly the value that was given.
#pragma once

#include <charconv>
#include <cmath>
#include <string>

namespace alliance::detail {

inline std::string format_number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

}  // namespace alliance::detail
