// What a call throws, as the unit tests of messages compare it: "id: message" of the
// alliance::error it throws, or "(no error)".
#pragma once

#include <string>

#include <alliance/error.hpp>

namespace alliance::test {

template <class Call>
[[nodiscard]] std::string message_of(Call&& call) {
    try {
        call();
    } catch (const alliance::error& e) {
        return e.id() + ": " + e.message();
    }
    return "(no error)";
}

}  // namespace alliance::test
