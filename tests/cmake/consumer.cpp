// A user's program: scores one WAI-SR record and checks the published sums by hand.
#include <alliance/alliance.hpp>

int main() {
    using namespace alliance;
    const auto scores = score(instruments::wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
    // task = items 1, 2, 10, 12 = 5 + 4 + 1 + 4 = 14; total = 39
    return scores["task"].sum() == 14 && scores["total"].sum() == 39 ? 0 : 1;
}
