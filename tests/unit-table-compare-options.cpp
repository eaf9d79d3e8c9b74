// alliance/table/compare_options.hpp: the compare request every front-end shares. Which request
// the options make (z against a norm, the Bayesian test for a deficit, the two-task test), and
// each refusal in the command line's and the packages' words.
#include <doctest/doctest.h>

#include <alliance/table/compare_options.hpp>

#include <string>

using namespace alliance;
using namespace alliance::table;

namespace {

std::string problem(const compare_options& options, const option_spelling& spell) {
    try {
        (void)resolve(options, spell);
    } catch (const option_error& e) {
        return e.message();
    }
    return "(no error)";
}

compare_options norm_of(double mean, double sd) {
    compare_options options;
    options.mean = mean;
    options.sd = sd;
    return options;
}

}  // namespace

TEST_CASE("resolve: the options choose the request") {
    compare_options plain = norm_of(28, 6.8);
    CHECK(resolve(plain, binding_spelling).mode == compare_mode::plain);
    CHECK_FALSE(resolve(plain, binding_spelling).plain.reference.n.has_value());
    plain.n = 100;
    CHECK(*resolve(plain, binding_spelling).plain.reference.n == 100);

    compare_options bayesian = plain;
    bayesian.bayesian = true;
    bayesian.draws = 1000;
    bayesian.seed = 7;
    const compare_plan b = resolve(bayesian, binding_spelling);
    CHECK(b.mode == compare_mode::bayesian);
    CHECK(b.bayesian.draws.draws == 1000);
    CHECK(b.bayesian.draws.seed == 7);

    compare_options two = plain;
    two.two_tasks = true;
    two.mean_b = 10;
    two.sd_b = 2;
    two.correlation = 0.5;
    two.prior = "calibrated";
    const compare_plan d = resolve(two, binding_spelling);
    CHECK(d.mode == compare_mode::dissociation);
    CHECK(d.two.prior == stats::bsdt_prior::calibrated);
    CHECK(d.two.task_b.n == d.two.task_a.reference.n);  // the controls are one sample

    compare_options published;
    published.norm = "core-10-uk-general-population-2007";
    const compare_plan p = resolve(published, command_line_spelling);
    REQUIRE(p.published != nullptr);
    CHECK(p.plain.reference.sd == p.published->sd);
}

TEST_CASE("resolve: refusals, spelled for each front-end") {
    compare_options none;
    CHECK(problem(none, command_line_spelling) == "give --mean and --sd, or --norm");
    CHECK(problem(none, binding_spelling) == "give mean and sd, or norm");

    compare_options both = norm_of(1, 2);
    both.norm = "core-10-uk-general-population-2007";
    CHECK(problem(both, binding_spelling) == "give norm or mean, not both");

    compare_options n = norm_of(28, 6.8);
    n.n = 2.5;
    CHECK(problem(n, binding_spelling) == "n expects a whole number of at least 2, not 2.5");
    n.n = 1;
    CHECK(problem(n, command_line_spelling) == "--n expects a whole number of at least 2, not '1'");

    compare_options stray = norm_of(28, 6.8);
    stray.seed = 3;
    CHECK(problem(stray, command_line_spelling) == "--seed is for the Monte Carlo tests; give --bayesian or --score-b too");
    CHECK(problem(stray, binding_spelling) == "seed is for the Monte Carlo tests; give bayesian or scores_b too");
    stray = norm_of(28, 6.8);
    stray.correlation = 0.5;
    CHECK(problem(stray, binding_spelling) == "correlation is for the two-task test; give scores_b too");
    stray = norm_of(28, 6.8);
    stray.confidence = 0.9;
    CHECK(problem(stray, binding_spelling) == "confidence is for the intervals of n; give n too");

    compare_options bayesian = norm_of(28, 6.8);
    bayesian.bayesian = true;
    CHECK(problem(bayesian, binding_spelling) == "bayesian compares with a control sample: give its size with n");
    bayesian.n = 20;
    bayesian.draws = 99;
    CHECK(problem(bayesian, binding_spelling) == "draws expects a whole number from 100 to 100000000, not 99");

    compare_options two = norm_of(28, 6.8);
    two.n = 20;
    two.two_tasks = true;
    two.mean_b = 1;
    CHECK(problem(two, binding_spelling) == "scores_b needs sd_b, correlation");
    two.sd_b = 1;
    two.correlation = 0.2;
    two.prior = "flat";
    CHECK(problem(two, command_line_spelling) == "--prior expects standard or calibrated, not 'flat'");

    CHECK_THROWS_WITH_AS(bad_seed("-1", binding_spelling),
                         "[alliance.table.option] seed expects a whole number from 0 to 18446744073709551615, not -1",
                         option_error);
}
