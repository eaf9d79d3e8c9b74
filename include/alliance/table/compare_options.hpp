// `alliance compare` / normative_compare as a request: the options as given, which of them
// combine, and each message once for the command line, Python and R (the option spelled as the
// caller spells it). resolve() turns them into one of the three requests of compare.hpp: z and
// Crawford & Howell's test against a norm, Crawford & Garthwaite's (2007) Bayesian test for a
// deficit, or their standardised difference test of two tasks. (--equivalence, which compares
// groups, has its own request: equivalence_request.) Stats tier (Boost.Math).
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/error.hpp"
#include "alliance/norms.hpp"
#include "alliance/stats/bayesian_single_case.hpp"
#include "alliance/table/catalogue_lookup.hpp"
#include "alliance/table/compare.hpp"
#include "alliance/table/interrupt.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

struct compare_options {
    std::optional<double> mean{}, sd{}, n{};
    std::optional<std::string> norm{};  // a catalogue norm: mean, sd and (when it reports one) n
    std::optional<double> confidence{};
    bool bayesian = false;
    bool two_tasks = false;  // a second task's scores are given (--score-b, scores_b)
    std::optional<double> mean_b{}, sd_b{}, correlation{};
    std::optional<std::string> prior{};
    bool unstandardised = false;
    std::optional<double> draws{};
    std::optional<std::uint64_t> seed{};  // read by each front-end: a seed is exact up to 2^64 - 1
};

// Calls visit(name, field) for the options a front-end fills by name (all but two_tasks, which
// is whether the second task's scores are there, and seed).
template <class Visit>
void for_each_option(compare_options& o, Visit&& visit) {
    visit("mean", o.mean);
    visit("sd", o.sd);
    visit("n", o.n);
    visit("norm", o.norm);
    visit("confidence", o.confidence);
    visit("bayesian", o.bayesian);
    visit("mean-b", o.mean_b);
    visit("sd-b", o.sd_b);
    visit("correlation", o.correlation);
    visit("prior", o.prior);
    visit("unstandardised", o.unstandardised);
    visit("draws", o.draws);
}

// The one message for a seed that is not a whole number from 0 to 2^64 - 1.
[[noreturn]] inline void bad_seed(std::string_view shown, const option_spelling& spell) {
    throw option_error("alliance.table.option",
                       expects_message("seed", "a whole number from 0 to 18446744073709551615", shown, spell));
}

enum class compare_mode { plain, bayesian, dissociation };

struct compare_plan {
    compare_mode mode = compare_mode::plain;
    compare_request plain{};
    bayesian_request bayesian{};
    dissociation_request two{};
    const alliance::norm* published = nullptr;  // the catalogue's norm of --norm (static storage)
};

namespace detail {
[[noreturn]] inline void compare_problem(const std::string& what) { throw option_error("alliance.table.option", what); }

// Options that belong to a mode the request is not in.
inline void refuse(const option_spelling& spell, std::initializer_list<std::pair<std::string_view, bool>> given,
                   const std::string& reason) {
    for (const auto& [name, present] : given)
        if (present) compare_problem(spell.option(name) + " " + reason);
}

// The norm: --mean and --sd, or a catalogue norm (with --n when it reports none).
inline alliance::norm compare_reference(const compare_options& o, compare_plan& plan, const option_spelling& spell) {
    alliance::norm reference;
    if (o.norm) {
        plan.published = &catalogue_norm(*o.norm, spell);
        for (const auto& [name, value] : {std::pair{"mean", o.mean}, std::pair{"sd", o.sd}})
            if (value) compare_problem("give " + spell.option("norm") + " or " + spell.option(name) + ", not both");
        if (plan.published->n && o.n)
            compare_problem(spell.option("norm") + " " + std::string(plan.published->id) + " has its n; give " +
                            spell.option("norm") + " or " + spell.option("n") + ", not both");
        reference = *plan.published;
    } else {
        if (!o.mean || !o.sd)
            compare_problem("give " + spell.option("mean") + " and " + spell.option("sd") + ", or " + spell.option("norm"));
        reference.mean = *o.mean;
        reference.sd = *o.sd;
    }
    if (o.n) {
        if (!(*o.n >= 2 && *o.n <= 1e9 && *o.n == std::floor(*o.n)))
            compare_problem(expects_message("n", "a whole number of at least 2", spell.value(*o.n), spell));
        reference.n = static_cast<int>(*o.n);
    }
    return reference;
}
}  // namespace detail

// Checks the options and makes the request, through the library's checks once before any row;
// option_error "alliance.table.option" (spelled for the caller) or the library's error. The
// Monte Carlo tests call `interrupt` (interrupt.hpp) as they draw.
[[nodiscard]] inline compare_plan resolve(const compare_options& o, const option_spelling& spell,
                                          const interrupt_check& interrupt = {}) {
    compare_plan plan;
    const alliance::norm reference = detail::compare_reference(o, plan, spell);
    const bool monte_carlo = o.bayesian || o.two_tasks;
    const std::string second = spell.option("score-b");
    if (!monte_carlo)
        detail::refuse(spell, {{"draws", o.draws.has_value()}, {"seed", o.seed.has_value()}},
                       "is for the Monte Carlo tests; give " + spell.option("bayesian") + " or " + second + " too");
    if (!o.two_tasks)
        detail::refuse(spell,
                       {{"mean-b", o.mean_b.has_value()}, {"sd-b", o.sd_b.has_value()},
                        {"correlation", o.correlation.has_value()}, {"prior", o.prior.has_value()},
                        {"unstandardised", o.unstandardised}},
                       "is for the two-task test; give " + second + " too");
    if (monte_carlo && !reference.n)
        detail::compare_problem((o.two_tasks ? second : spell.option("bayesian")) +
                                " compares with a control sample: give its size with " + spell.option("n"));
    if (!monte_carlo && !reference.n && o.confidence)
        detail::compare_problem(spell.option("confidence") + " is for the intervals of " + spell.option("n") +
                                "; give " + spell.option("n") + " too");
    const double confidence = o.confidence.value_or(0.95);
    (void)stats::compare(reference, reference.mean);
    if (!monte_carlo) {
        plan.plain = {reference, confidence};
        if (reference.n) check(plan.plain);
        return plan;
    }
    stats::monte_carlo draws;
    if (o.draws) {
        const double d = *o.draws;
        if (!(d >= static_cast<double>(stats::minimum_draws) && d <= static_cast<double>(stats::maximum_draws) &&
              d == std::floor(d)))
            detail::compare_problem(expects_message("draws",
                                                    "a whole number from " + std::to_string(stats::minimum_draws) +
                                                        " to " + std::to_string(stats::maximum_draws),
                                                    spell.value(d), spell));
        draws.draws = static_cast<std::size_t>(d);
    }
    if (o.seed) draws.seed = *o.seed;
    if (interrupt) draws.progress = [poll = std::make_shared<interrupt_poll>(interrupt, 1)] { (*poll)(); };
    plan.bayesian = {reference, draws, confidence};
    if (!o.two_tasks) {
        plan.mode = compare_mode::bayesian;
        check(plan.bayesian);
        return plan;
    }
    std::vector<std::string> absent;
    for (const auto& [name, value] : {std::pair{"mean-b", o.mean_b}, std::pair{"sd-b", o.sd_b},
                                      std::pair{"correlation", o.correlation}})
        if (!value) absent.push_back(spell.option(name));
    if (!absent.empty()) {
        std::string list;
        for (std::size_t i = 0; i < absent.size(); ++i) list += (i == 0 ? "" : ", ") + absent[i];
        detail::compare_problem(second + " needs " + list);
    }
    const std::string prior = o.prior.value_or("standard");
    const auto parsed = stats::parse_bsdt_prior(prior);
    if (!parsed)
        detail::compare_problem(spell.option("prior") + " expects " + spell.choice("standard") + " or " +
                                spell.choice("calibrated") + ", not '" + prior + "'");
    plan.mode = compare_mode::dissociation;
    plan.two = {plan.bayesian, alliance::norm{.n = reference.n, .mean = *o.mean_b, .sd = *o.sd_b}, *o.correlation,
                *parsed, o.unstandardised ? stats::bsdt_effect::unstandardised : stats::bsdt_effect::standardised};
    check(plan.two);
    return plan;
}

}  // namespace alliance::table
