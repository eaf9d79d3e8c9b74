// Session-by-session tracking. Every expected value is worked out by hand in the comment beside
// it (sample SDs with n - 1); the series A1-A7 and B1-B8 are the worked cases of the research
// notes summarised in docs/tracking.md.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/tracking.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace alliance;
using namespace alliance::tracking;

namespace {

series make(std::vector<std::optional<double>> scores, direction better = direction::higher_is_better) {
    std::vector<administration> sessions;
    for (std::size_t i = 0; i < scores.size(); ++i) sessions.push_back({static_cast<double>(i + 1), scores[i]});
    return series("c1", sessions, better);
}

std::vector<int> fired_sessions(const series& client, const std::vector<bool>& fired) {
    std::vector<int> result;
    for (std::size_t i = 0; i < fired.size(); ++i)
        if (fired[i]) result.push_back(static_cast<int>(client.sessions()[i].session));
    return result;
}

// A "strict V" rule: previous session as reference, adjacent sessions, full return.
v_episode_rule v_rule(double k, int window = 1) {
    return {.k = k,
            .basis = sd_basis::within_client,
            .reference = reference_level::previous_session,
            .max_decline_sessions = 1,
            .repair_window = window,
            .target = repair_target::pre_rupture_score,
            .repair_margin = 0.0,
            .min_sessions = 3};
}

const below_cutoff srs_cutoff{instruments::srs_total_cutoff};

}  // namespace

TEST_CASE("series: sorted by session, duplicates and non-finite values rejected") {
    const series unsorted("c9", {{3, 30.0}, {1, 35.0}, {2, std::nullopt}}, direction::higher_is_better);
    CHECK(unsorted.sessions()[0].session == 1);
    CHECK(unsorted.sessions()[2].session == 3);
    CHECK(unsorted.scored_positions() == std::vector<std::size_t>{0, 2});
    CHECK_THROWS_WITH_AS(series("c9", {{1, 30.0}, {1, 31.0}}, direction::higher_is_better),
                         "[alliance.tracking.duplicate_session] client 'c9', session 1 appears twice",
                         domain_error);
    CHECK_THROWS_WITH_AS(series("c9", {{1, 30.0}, {2, 0.0 / 0.0}}, direction::higher_is_better),
                         "[alliance.tracking.score_not_finite] client 'c9', session 2: score NaN is not a finite number",
                         domain_error);
    CHECK_THROWS_AS(series("c9", {{1, 30.0}}, direction{}), domain_error);
}

TEST_CASE("changes from the previous score and from the running mean (A1)") {
    const auto client = make({38, 37, 37.5, 35, 40});
    const auto c = changes(client);
    CHECK_FALSE(c[0].from_previous.has_value());
    CHECK(*c[1].from_previous == doctest::Approx(-1));
    CHECK(*c[2].from_previous == doctest::Approx(0.5));
    CHECK(*c[3].from_previous == doctest::Approx(-2.5));
    CHECK(*c[4].from_previous == doctest::Approx(5));
    CHECK(*c[1].from_running_mean == doctest::Approx(-1));     // 37 - 38
    CHECK(*c[2].from_running_mean == doctest::Approx(0));      // 37.5 - 37.5
    CHECK(*c[3].from_running_mean == doctest::Approx(-2.5));   // 35 - 112.5/3
    CHECK(*c[4].from_running_mean == doctest::Approx(3.125));  // 40 - 147.5/4
    const auto s = summarize(client);
    CHECK(s.sessions == 5);
    CHECK(s.scored == 5);
    CHECK(*s.mean == doctest::Approx(37.5));
    CHECK(*s.slope == doctest::Approx(0.2));  // Sxy = 2, Sxx = 10
    CHECK(*s.first == 38);
    CHECK(*s.last == 40);
}

TEST_CASE("below the SRS cut-off: < 36, and 36 itself only under the inclusive reading") {
    CHECK(fired_sessions(make({38, 37, 37.5, 35, 40}), evaluate(make({38, 37, 37.5, 35, 40}), srs_cutoff)) ==
          std::vector<int>{4});                                                                  // A1
    const auto a2 = make({36, 36, 35.9});
    CHECK(fired_sessions(a2, evaluate(a2, srs_cutoff)) == std::vector<int>{3});                    // A2
    const auto a3 = make({36});
    CHECK(fired_sessions(a3, evaluate(a3, below_cutoff{srs_cutoff.rule.with(flag_when::at_or_below)})) ==
          std::vector<int>{1});                                                                  // A3
}

TEST_CASE("OpenFIT drop alert: 1 point or more below the previous score") {
    const auto drop = openfit_srs_drop_alert(previous_policy::last_scored);
    const auto a1 = make({38, 37, 37.5, 35, 40});
    CHECK(fired_sessions(a1, evaluate(a1, drop)) == std::vector<int>{2, 4});
    const auto a2 = make({36, 36, 35.9});
    CHECK(fired_sessions(a2, evaluate(a2, drop)).empty());
    // A4: 31.3 - 32.3 is -0.9999999999999964 in binary; the alert must still fire
    const auto a4 = make({32.3, 31.3});
    CHECK(fired_sessions(a4, evaluate(a4, drop)) == std::vector<int>{2});
    const auto a5 = make({39, 38.1});
    CHECK(fired_sessions(a5, evaluate(a5, drop)).empty());
    const auto a6 = make({40});
    CHECK(fired_sessions(a6, evaluate(a6, drop)).empty());
    // A7: the session in between has no score
    const auto a7 = make({39, std::nullopt, 37});
    CHECK(fired_sessions(a7, evaluate(a7, drop)) == std::vector<int>{3});
    CHECK(fired_sessions(a7, evaluate(a7, openfit_srs_drop_alert(previous_policy::immediately_preceding))).empty());
    // a session number missing from the data: 2 is absent, so 3 has no immediately preceding session
    const series gap("c2", {{1, 39.0}, {3, 37.0}, {4, 35.5}}, direction::higher_is_better);
    CHECK(fired_sessions(gap, evaluate(gap, openfit_srs_drop_alert(previous_policy::immediately_preceding))) ==
          std::vector<int>{4});
    CHECK_THROWS_AS((void)evaluate(a1, drop_alert{1.0, previous_policy::not_set}), domain_error);
    CHECK_THROWS_AS((void)evaluate(a1, drop_alert{0.0, previous_policy::last_scored}), domain_error);
}

TEST_CASE("reliable drop: beyond 1.96 x SD x sqrt(2(1 - r))") {
    // SD 5, r .90, 1.96: threshold 1.96 * 5 * sqrt(0.2) = 4.3827 points
    const reliable_drop rule{5.0, 0.90, stats::critical_value::literal(1.96), previous_policy::last_scored};
    const auto client = make({38, 34, 33, 28.5});
    // 38 -> 34 is 4 (no); 34 -> 33 is 1 (no); 33 -> 28.5 is 4.5 (yes)
    CHECK(fired_sessions(client, evaluate(client, rule)) == std::vector<int>{4});
    // a rise is never a drop
    const auto up = make({28.5, 33});
    CHECK(fired_sessions(up, evaluate(up, rule)).empty());
    // on a measure where lower is better, a rise of 4.5 is the reliable worsening
    const auto symptoms = make({10, 14.5}, direction::lower_is_better);
    CHECK(fired_sessions(symptoms, evaluate(symptoms, rule)) == std::vector<int>{2});
}

TEST_CASE("B1: a one-session V, 2 SD below the previous session, repaired next session") {
    // 5 5 5 2 5: mean 4.4, SD sqrt(7.2/4) = 1.3416; threshold 2.683; drop 3
    const auto a = find_episodes(make({5, 5, 5, 2, 5}), v_rule(stiles_2004_k));
    CHECK(*a.sd == doctest::Approx(1.3416407865));
    CHECK(*a.threshold == doctest::Approx(2.683281573));
    REQUIRE(a.episodes.size() == 1);
    const episode& e = a.episodes[0];
    CHECK(e.id == 1);
    CHECK(e.onset_session == 3);
    CHECK(e.rupture_session == 4);
    CHECK(e.reference == 5);
    CHECK(e.depth == 3);
    CHECK(e.depth_in_sd == doctest::Approx(3 / 1.3416407865));
    CHECK(e.decline_sessions == 1);
    CHECK(e.status == repair_status::repaired);
    CHECK(*e.repair_session == 5);
    CHECK(*e.sessions_to_repair == 1);
    CHECK(classify(a, pattern_rule::any_unrepaired) == client_pattern::repaired);
}

TEST_CASE("B1': measured from the client's mean the same dip is a rupture at 1 SD only") {
    auto rule = v_rule(stiles_2004_k);
    rule.reference = reference_level::client_mean;
    // mean 4.4: 4.4 - 2 = 2.4 < 2.683
    CHECK(find_episodes(make({5, 5, 5, 2, 5}), rule).episodes.empty());
    rule.k = strauss_2006_k;  // 2.4 >= 1.342
    const auto a = find_episodes(make({5, 5, 5, 2, 5}), rule);
    REQUIRE(a.episodes.size() == 1);
    CHECK(a.episodes[0].rupture_session == 4);
    CHECK(a.episodes[0].reference == doctest::Approx(4.4));
    CHECK(a.episodes[0].depth == doctest::Approx(2.4));
    CHECK(a.episodes[0].status == repair_status::repaired);  // 5 >= pre-rupture 5
}

TEST_CASE("B2: a small dip in a stable course, and the stricter-SD guard against it") {
    // 6 6 6 5 6 6: SD sqrt(0.8333/5) = 0.40825, 2 SD = 0.8165 < 1
    const auto within = find_episodes(make({6, 6, 6, 5, 6, 6}), v_rule(2));
    REQUIRE(within.episodes.size() == 1);
    CHECK(within.episodes[0].rupture_session == 4);
    auto rule = v_rule(2);
    rule.basis = sd_basis::stricter_of_within_and_external;
    rule.external_sd = 3.0;  // 2 x max(0.408, 3) = 6 > 1
    const auto stricter = find_episodes(make({6, 6, 6, 5, 6, 6}), rule);
    CHECK(stricter.episodes.empty());
    CHECK(*stricter.sd == 3.0);
    rule.basis = sd_basis::external;
    rule.external_sd = 0.4;  // 0.8 <= 1
    CHECK(find_episodes(make({6, 6, 6, 5, 6, 6}), rule).episodes.size() == 1);
}

TEST_CASE("B3 and B4: repaired vs unrepaired vs censored") {
    // B3 30 32 31 20 31 33: SD sqrt(113.5/5) = 4.7645, 2 SD = 9.529, drop 11; back to 31 at s5
    const auto b3 = find_episodes(make({30, 32, 31, 20, 31, 33}), v_rule(2));
    REQUIRE(b3.episodes.size() == 1);
    CHECK(b3.episodes[0].status == repair_status::repaired);
    CHECK(*b3.sd == doctest::Approx(4.7644516999));
    // B4 30 32 31 20 22 23: SD 5.2409, 2 SD = 10.482, drop 11; never back to 31
    const auto b4 = find_episodes(make({30, 32, 31, 20, 22, 23}), v_rule(2, 2));
    REQUIRE(b4.episodes.size() == 1);
    CHECK(b4.episodes[0].status == repair_status::unrepaired);  // window s5-s6 closed
    CHECK_FALSE(b4.episodes[0].repair_session.has_value());
    CHECK(classify(b4, pattern_rule::any_unrepaired) == client_pattern::unrepaired);
    // with a 3-session window the series ends before the window closes
    const auto b4_long = find_episodes(make({30, 32, 31, 20, 22, 23}), v_rule(2, 3));
    CHECK(b4_long.episodes[0].status == repair_status::censored);
    CHECK(classify(b4_long, pattern_rule::last_episode) == client_pattern::pending);
    // a 1-point margin does not save it: 23 < 31 - 1
    auto margin = v_rule(2, 2);
    margin.repair_margin = 8.0;  // 23 >= 31 - 8
    CHECK(find_episodes(make({30, 32, 31, 20, 22, 23}), margin).episodes[0].status == repair_status::repaired);
}

TEST_CASE("B5: a decline over three sessions counts only if the rule allows multi-session declines") {
    // 30 31 28 25 22 31: SD 3.6560; single steps of 3 < 3.656
    CHECK(find_episodes(make({30, 31, 28, 25, 22, 31}), v_rule(strauss_2006_k)).episodes.empty());
    auto rule = v_rule(strauss_2006_k);
    rule.max_decline_sessions = 3;
    const auto a = find_episodes(make({30, 31, 28, 25, 22, 31}), rule);
    REQUIRE(a.episodes.size() == 1);
    CHECK(a.episodes[0].onset_session == 2);
    CHECK(a.episodes[0].rupture_session == 5);
    CHECK(a.episodes[0].depth == 9);
    CHECK(a.episodes[0].decline_sessions == 3);
    CHECK(a.episodes[0].status == repair_status::repaired);
    CHECK(*a.episodes[0].repair_session == 6);
    // capped at two steps: the steepest 2-step stretch, 31 -> 25, is 6 >= 3.656
    rule.max_decline_sessions = 2;
    const auto capped = find_episodes(make({30, 31, 28, 25, 22, 31}), rule);
    REQUIRE(capped.episodes.size() == 1);
    CHECK(capped.episodes[0].onset_session == 2);
    CHECK(capped.episodes[0].rupture_session == 4);
}

TEST_CASE("B6: the first session has no previous session to fall from") {
    CHECK(find_episodes(make({2, 6, 6, 6}), v_rule(1)).episodes.empty());
}

TEST_CASE("B7: scores that never vary: no within-client SD, the rule is not evaluated") {
    const auto a = find_episodes(make({7, 7, 7, 7}), v_rule(2));
    CHECK(a.episodes.empty());
    CHECK(a.not_evaluated == "the client's scores do not vary (within-client SD 0)");
    CHECK(classify(a, pattern_rule::any_unrepaired) == client_pattern::not_evaluated);
    auto external = v_rule(2);
    external.basis = sd_basis::external;
    external.external_sd = 1.0;
    const auto b = find_episodes(make({7, 7, 7, 7}), external);
    CHECK(b.not_evaluated.empty());
    CHECK(classify(b, pattern_rule::any_unrepaired) == client_pattern::no_rupture);
}

TEST_CASE("B8 and one session: too short to evaluate; a rupture at the last session is censored") {
    CHECK(find_episodes(make({5, 3}), v_rule(1)).not_evaluated == "2 scored sessions, fewer than the 3 the rule needs");
    CHECK(find_episodes(make({5}), v_rule(1)).not_evaluated == "1 scored sessions, fewer than the 3 the rule needs");
    auto two = v_rule(1);
    two.min_sessions = 1;  // never fewer than 2: an SD needs two scores
    CHECK(find_episodes(make({5}), two).not_evaluated == "1 scored sessions, fewer than the 2 the rule needs");
    const auto last = find_episodes(make({5, 3}), two);  // SD 1.414, drop 2
    REQUIRE(last.episodes.size() == 1);
    CHECK(last.episodes[0].rupture_session == 2);
    CHECK(last.episodes[0].status == repair_status::censored);
}

TEST_CASE("repeated ruptures get their own ids") {
    // 5 5 2 5 5 1 5: mean 4, SD sqrt(18/6) = 1.732; drops 3 and 4
    const auto a = find_episodes(make({5, 5, 2, 5, 5, 1, 5}), v_rule(1));
    REQUIRE(a.episodes.size() == 2);
    CHECK(a.episodes[0].id == 1);
    CHECK(a.episodes[0].rupture_session == 3);
    CHECK(a.episodes[1].id == 2);
    CHECK(a.episodes[1].rupture_session == 6);
    CHECK(a.episodes[1].depth == 4);
    CHECK(a.episodes[0].status == repair_status::repaired);
    CHECK(a.episodes[1].status == repair_status::repaired);
}

TEST_CASE("ties: a flat stretch after the drop delays the repair") {
    // 5 3 3 5: SD sqrt(4/3) = 1.1547; drop 2 at s2; s3 = 3 is not back, s4 = 5 is
    const auto a = find_episodes(make({5, 3, 3, 5}), v_rule(1, 2));
    REQUIRE(a.episodes.size() == 1);
    CHECK(a.episodes[0].rupture_session == 2);
    CHECK(*a.episodes[0].repair_session == 4);
    CHECK(*a.episodes[0].sessions_to_repair == 2);
}

TEST_CASE("missing sessions: unscored administrations are skipped, the boundary is inclusive") {
    // sessions 1 2 4 5 6 with scores 6 6 3 - 6: scored 6 6 3 6, SD sqrt(6.75/3) = 1.5,
    // 2 SD = 3 = the drop: a drop of at least 2 SD counts
    const series client("c3", {{1, 6.0}, {2, 6.0}, {4, 3.0}, {5, std::nullopt}, {6, 6.0}}, direction::higher_is_better);
    const auto a = find_episodes(client, v_rule(2));
    REQUIRE(a.episodes.size() == 1);
    CHECK(a.episodes[0].rupture_session == 4);
    CHECK(*a.episodes[0].repair_session == 6);
    CHECK(*a.episodes[0].sessions_to_repair == 1);  // the next scored administration
}

TEST_CASE("running mean as the reference") {
    // 10 10 4 10: SD 3; at s3 the running mean is 10, depth 6 >= 3; at s4 it is 8
    auto rule = v_rule(1);
    rule.reference = reference_level::running_mean;
    rule.target = repair_target::reference;
    const auto a = find_episodes(make({10, 10, 4, 10}), rule);
    REQUIRE(a.episodes.size() == 1);
    CHECK(a.episodes[0].onset_session == 2);
    CHECK(a.episodes[0].rupture_session == 3);
    CHECK(a.episodes[0].reference == 10);
    CHECK(a.episodes[0].status == repair_status::repaired);
}

TEST_CASE("a measure where lower is better: a rise is the rupture") {
    // 5 5 12 5: SD 3.5, rise 7 >= 3.5
    const auto a = find_episodes(make({5, 5, 12, 5}, direction::lower_is_better), v_rule(1));
    REQUIRE(a.episodes.size() == 1);
    CHECK(a.episodes[0].rupture_session == 3);
    CHECK(a.episodes[0].reference == 5);
    CHECK(a.episodes[0].depth == 7);
    CHECK(a.episodes[0].status == repair_status::repaired);
}

TEST_CASE("every parameter the papers leave open must be stated") {
    const auto client = make({5, 5, 2, 5});
    const auto message = [&](v_episode_rule rule) {
        try {
            (void)find_episodes(client, rule);
        } catch (const error& e) {
            return std::string(e.what());
        }
        return std::string("no exception");
    };
    v_episode_rule rule = v_rule(2);
    rule.k.reset();
    CHECK(message(rule) == "[alliance.tracking.parameter_not_set] v_episode_rule.k is not set; Stiles et al. "
                           "(2004) used 2 SD, Strauss et al. (2006) 1 SD");
    rule = v_rule(2);
    rule.basis = sd_basis::not_set;
    CHECK(message(rule).find("v_episode_rule.basis is not set") != std::string::npos);
    rule = v_rule(2);
    rule.basis = sd_basis::external;
    CHECK(message(rule).find("v_episode_rule.external_sd is not set") != std::string::npos);
    rule.external_sd = -1.0;
    CHECK(message(rule).find("alliance.stats.sd_not_positive") != std::string::npos);
    rule = v_rule(2);
    rule.reference = reference_level::not_set;
    CHECK(message(rule).find("v_episode_rule.reference is not set") != std::string::npos);
    rule = v_rule(2);
    rule.max_decline_sessions.reset();
    CHECK(message(rule).find("v_episode_rule.max_decline_sessions is not set") != std::string::npos);
    rule = v_rule(2);
    rule.repair_window.reset();
    CHECK(message(rule).find("v_episode_rule.repair_window is not set") != std::string::npos);
    rule = v_rule(2);
    rule.target = repair_target::not_set;
    CHECK(message(rule).find("v_episode_rule.target is not set") != std::string::npos);
    rule = v_rule(2);
    rule.repair_margin.reset();
    CHECK(message(rule).find("v_episode_rule.repair_margin is not set") != std::string::npos);
    rule = v_rule(2);
    rule.min_sessions.reset();
    CHECK(message(rule).find("v_episode_rule.min_sessions is not set") != std::string::npos);
    rule = v_rule(-1);
    CHECK(message(rule).find("alliance.tracking.k_not_positive") != std::string::npos);
    CHECK_THROWS_AS((void)classify(find_episodes(client, v_rule(2)), pattern_rule::not_set), domain_error);
}
