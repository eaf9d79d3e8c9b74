// A program that needs alliance::stats (Boost.Math) and not nlohmann/json.
#include <alliance/stats.hpp>

#include <cmath>

int main() {
    using namespace alliance::stats;
    // Two-sided 95%: the standard-normal quantile 0.975 = 1.959963984540054 (R: qnorm(0.975)).
    const double z = critical_value::from_confidence(0.95).z();
    return std::fabs(z - 1.959963984540054) < 1e-12 ? 0 : 1;
}
