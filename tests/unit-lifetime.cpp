// Object lifetimes in the public API: a result taken from a run-time
// instrument (to_runtime, a key file) owns what it shows, so it stays valid after the instrument
// object is gone; a call that could only hand out views into a temporary does not compile.
// Under the asan preset every read below of freed memory is a test failure; before the fix,
// the first case was AddressSanitizer: heap-use-after-free in scale_score::name().
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/explain.hpp>
#include <alliance/key_file.hpp>
#include <alliance/stats/clinical_significance.hpp>
#include <alliance/stats/norm.hpp>
#include <alliance/tracking.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace alliance;
using instruments::wai_sr;

namespace {

// Names and sources longer than std::string's small buffer, so they live on the heap of the
// instrument's state and a dangling view reads freed memory (not bytes inside a live object).
constexpr const char* long_names_key = R"({
  "format": "alliance-key-file/1",
  "id": "lifetime-test-instrument-with-a-long-id",
  "name": "test instrument",
  "response_scale": {"type": "likert", "min": 1, "max": 5},
  "item_count": 4,
  "reversed": [2],
  "scoring": {"metric": "sum",
              "missing": {"rule": "prorate_min_answered", "count": 1,
                          "source": "a missing-item rule source longer than a small string"}},
  "scales": [
    {"name": "first-scale-with-a-name-longer-than-sso", "items": [1, 2]},
    {"name": "second-scale-with-a-name-longer-than-sso", "items": [3, 4]}
  ],
  "total": {"name": "total-scale-with-a-name-longer-than-sso"}
})";

// WAI-SR items 1..12: task 1,2,10,12 = 5+4+1+4 = 14; bond 3,5,7,9 = 3+1+4+2 = 10.
constexpr std::array<response, 12> wai_record{5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4};

// Destroys a run-time instrument's last owner outside the scored object: the heap holding its
// names is freed unless the result shares it.
runtime_instrument make_runtime_wai() { return to_runtime(wai_sr); }

}  // namespace

TEST_CASE("a score set from a temporary run-time instrument keeps its names") {
    const auto scores = score(to_runtime(wai_sr), wai_record);
    CHECK(scores.instrument() == "wai-sr");
    CHECK(scores["bond"].name() == "bond");
    CHECK(scores["bond"].sum() == 10);
    CHECK(scores[0].name() == "task");
    CHECK(scores[0].sum() == 14);
}

TEST_CASE("one scale's score copied out of a temporary set keeps its name, rule and message") {
    const std::array<response, 4> record{missing, missing, 3, 4};
    const scale_score first = score(load_key_file_from_string(long_names_key), record)[0];
    CHECK(first.name() == "first-scale-with-a-name-longer-than-sso");
    CHECK(first.rule().source == "a missing-item rule source longer than a small string");
    CHECK_FALSE(first.has_score());
    // The message names the instrument and the scale, read after both temporaries are gone.
    try {
        (void)first.sum();
        FAIL("an insufficient scale has no sum");
    } catch (const lookup_error& e) {
        CHECK(std::string(e.what()).find("lifetime-test-instrument-with-a-long-id, scale "
                                         "'first-scale-with-a-name-longer-than-sso'") != std::string::npos);
    }
}

TEST_CASE("a score set outlives the named run-time instrument it came from") {
    std::vector<dynamic_score_set> kept;
    {
        const runtime_instrument lab = load_key_file_from_string(long_names_key);
        kept.push_back(score(lab, {1, 2, 3, 4}));
    }
    // Item 2 reversed: 1 + (6 - 2) = 5; 3 + 4 = 7; total 12.
    REQUIRE(kept.front().size() == 3);
    CHECK(kept.front()[1].name() == "second-scale-with-a-name-longer-than-sso");
    CHECK(kept.front()["first-scale-with-a-name-longer-than-sso"].sum() == 5);
    CHECK(kept.front()["total-scale-with-a-name-longer-than-sso"].sum() == 12);
}

TEST_CASE("try_score: a reused set keeps each instrument it was filled from alive") {
    dynamic_score_set out(std::string_view{}, 0);
    {
        const runtime_instrument first = make_runtime_wai();
        REQUIRE(try_score(first, wai_record, {}, out));
    }
    CHECK(out["bond"].name() == "bond");
    CHECK(out["bond"].sum() == 10);
    // A second instrument with the same id text but its own state: the set is rebuilt from it
    // (not left pointing into the first), and again outlives it.
    {
        const runtime_instrument second = make_runtime_wai();
        const std::array<response, 12> other{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        REQUIRE(try_score(second, other, {}, out));
    }
    CHECK(out["bond"].name() == "bond");
    CHECK(out["bond"].sum() == 4);
    // And a compile-time instrument after run-time ones.
    REQUIRE(try_score(wai_sr, wai_record, {}, out));
    CHECK(out["task"].sum() == 14);
}

TEST_CASE("explain on a temporary run-time instrument: the trace and its scales stay valid") {
    const explanation trace = explain(load_key_file_from_string(long_names_key), {1, 2, missing, 4});
    REQUIRE(trace.scored());
    CHECK(trace.instrument.about.id == "lifetime-test-instrument-with-a-long-id");
    CHECK(trace.scales.at(0).name == "first-scale-with-a-name-longer-than-sso");
    const std::string text = describe(trace);
    CHECK(text.find("second-scale-with-a-name-longer-than-sso") != std::string::npos);
    CHECK(text.find("a missing-item rule source longer than a small string") != std::string::npos);

    // One scale's trace copied out of a trace that is gone: its score keeps the state alive.
    const scale_trace second = explain(load_key_file_from_string(long_names_key), {1, 2, 3, 4}).scales.at(1);
    CHECK(second.name == "second-scale-with-a-name-longer-than-sso");
    CHECK(second.items.size() == 2);
    CHECK(second.items[0] == 3);
    CHECK(second.score.sum() == 7);
}

TEST_CASE("explain with invalid answers on a temporary instrument: the trace names the instrument") {
    const explanation trace = explain(load_key_file_from_string(long_names_key), {1, 9, 3, 4});
    REQUIRE_FALSE(trace.scored());
    CHECK(describe(trace).find("lifetime-test-instrument-with-a-long-id, item 2: response 9 is outside") !=
          std::string::npos);
}

TEST_CASE("a key file's instrument taken from a temporary key_file is a value that shares the state") {
    const auto path = std::filesystem::path(ALLIANCE_TEST_OUTPUT_DIR) / "lifetime-key.json";
    {
        std::ofstream out(path);
        out << long_names_key;
    }
    const runtime_instrument lab = read_key_file(path).instrument();
    CHECK(lab.id() == "lifetime-test-instrument-with-a-long-id");
    CHECK(lab.scales()[2].name == "total-scale-with-a-name-longer-than-sso");
    CHECK(read_key_file(path).source() == path.string());
    std::filesystem::remove(path);
}

// A norm built for one call views strings the caller owns (the command line's options, a Python
// or R argument); what the statistics hand back outlives those strings: an error message owns
// its text, and a CS_indiv index keeps numbers, not the norms.
TEST_CASE("statistics against a norm built from the caller's strings outlive the strings") {
    std::optional<domain_error> caught;
    std::optional<stats::cs_indiv_index> index;
    {
        const std::string id = "a caller's norm id longer than the small-string buffer";
        const std::string other = "a functional norm id longer than the small-string buffer";
        const norm bad{.id = id, .mean = 10, .sd = 0};
        try {
            (void)stats::z_score(bad, 5);
        } catch (const domain_error& e) {
            caught = e;
        }
        index.emplace(stats::cs_indiv_parameters{.clinical = {.id = id, .mean = 20, .sd = 10},
                                                 .functional = {.id = other, .mean = 40, .sd = 10},
                                                 .mean_post = 30,
                                                 .sd_post = 10,
                                                 .reliability = 0.75,
                                                 .kind = stats::cutoff_kind::c},
                      stats::direction::higher_is_better);
    }
    REQUIRE(caught.has_value());
    CHECK(std::string(caught->what())
              .find("norm 'a caller's norm id longer than the small-string buffer' SD is 0") !=
          std::string::npos);
    REQUIRE(index.has_value());
    CHECK(std::isfinite(index->index(35)));
    CHECK(index->cutoff() == index->cutoffs().c);
    CHECK_THROWS_AS((void)index->index(std::numeric_limits<double>::quiet_NaN()), domain_error);
}

// The calls that could only return views into a dying temporary do not compile. Each pair shows
// the rejected call beside the same call that is allowed.
namespace {
using record_span = std::span<const response>;
template <class D>
concept scorable = requires(D&& def, record_span record) { score(std::forward<D>(def), record); };
template <class D>
concept explainable = requires(D&& def, record_span record) { explain(std::forward<D>(def), record); };
template <class D>
concept try_scorable = requires(D&& def, record_span record, dynamic_score_set& out) {
    try_score(std::forward<D>(def), record, scoring_options{}, out);
};
template <class T>
concept has_view = requires(T&& def) { std::forward<T>(def).view(); };
template <class T>
concept has_entry = requires(T&& file) { std::forward<T>(file).entry(); };
template <class T>
concept has_norms = requires(T&& file) { std::forward<T>(file).norms(); };
template <class T>
concept has_sessions = requires(T&& client) { std::forward<T>(client).sessions(); };
using compiled_wai = std::remove_cvref_t<decltype(wai_sr)>;
}  // namespace

// A compile-time instrument lives in static storage; a temporary one cannot be scored.
static_assert(scorable<const compiled_wai&>);
static_assert(!scorable<compiled_wai>);
static_assert(explainable<const compiled_wai&>);
static_assert(!explainable<compiled_wai>);
static_assert(try_scorable<const compiled_wai&>);
static_assert(!try_scorable<compiled_wai>);
static_assert(has_view<const compiled_wai&>);
static_assert(!has_view<compiled_wai>);
// A run-time instrument shares its state with every result: a temporary may be scored, but a
// bare view into it may not be taken.
static_assert(scorable<runtime_instrument>);
static_assert(explainable<runtime_instrument>);
static_assert(has_view<const runtime_instrument&>);
static_assert(!has_view<runtime_instrument>);
// A temporary key file hands out its instrument by value, never its views.
static_assert(has_entry<const key_file&>);
static_assert(!has_entry<key_file>);
static_assert(has_norms<const key_file&>);
static_assert(!has_norms<key_file>);
// A temporary tracking series does not hand out a view of its sessions.
static_assert(has_sessions<const tracking::series&>);
static_assert(!has_sessions<tracking::series>);

