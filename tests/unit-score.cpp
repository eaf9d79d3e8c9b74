#include <doctest/doctest.h>
#include <alliance/alliance.hpp>
TEST_CASE("placeholder") { CHECK(alliance::score(alliance::instruments::srs, {1, 2, 3, 4})["total"].sum() == 10); }
