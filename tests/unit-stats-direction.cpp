// alliance/stats/direction.hpp: no default direction, parse and print.
#include <doctest/doctest.h>

#include <alliance/stats/direction.hpp>

#include "unit-stats-data.hpp"

using namespace alliance::stats;

TEST_CASE("directions parse, print and give the sign dir of the change formulas") {
    CHECK(parse_direction("higher_is_better") == direction::higher_is_better);
    CHECK(parse_direction("higher") == direction::higher_is_better);
    CHECK(parse_direction("lower_is_better") == direction::lower_is_better);
    CHECK(parse_direction("lower") == direction::lower_is_better);
    CHECK_FALSE(parse_direction("up"));
    CHECK_FALSE(parse_direction(""));
    CHECK(to_string(direction::lower_is_better) == "lower_is_better");
    CHECK(sign(direction::higher_is_better) == 1.0);
    CHECK(sign(direction::lower_is_better) == -1.0);
}

TEST_CASE("a value-initialised direction is 'not set' and refused") {
    const direction unset{};
    CHECK(to_string(unset) == "not_set");
    CHECK_THROWS_ID(detail::require_direction(unset), "alliance.stats.direction_not_set", "direction is not set");
    CHECK_NOTHROW(detail::require_direction(direction::lower_is_better));
}
