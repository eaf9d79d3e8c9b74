// Norm records and severity bands (alliance/norms.hpp, alliance/severity.hpp) and their lookup
// through the catalogue. Published values are compared with the numbers printed in the sources
// (abstracts of Löwe et al. 2008 and Kocalevent et al. 2013; the CORE-10 manual via novopsych).
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <string>

using namespace alliance;

TEST_CASE("built-in norms are found by their stable id and carry the published values") {
    const norm* women = find_norm("gad-7-de-general-women-2008");
    REQUIRE(women != nullptr);
    CHECK(women->instrument == "gad-7");
    CHECK(women->scale == "total");
    CHECK(women->edition == 1);
    CHECK(women->mean == 3.2);  // Löwe et al. (2008), abstract: women 3.2 (3.5)
    CHECK(women->sd == 3.5);
    CHECK(women->reliability.value == 0.89);  // alpha = 0.89, identical across subgroups
    CHECK(women->reliability.kind == reliability_kind::alpha);
    CHECK_FALSE(women->n.has_value());  // the group size is not in the abstract
    CHECK(women->confidence == confidence::high);
    const norm* men = find_norm("gad-7-de-general-men-2008");
    REQUIRE(men != nullptr);
    CHECK(men->mean == 2.7);
    CHECK(men->sd == 3.2);

    CHECK(find_norm("phq-9-de-general-women-2013")->mean == 3.1);  // Kocalevent et al. (2013)
    CHECK(find_norm("phq-9-de-general-men-2013")->sd == 3.5);
    CHECK(find_norm("phq-9-de-general-men-2013")->reliability.kind == reliability_kind::none);

    const norm* general = find_norm("core-10-uk-general-population-2007");
    const norm* clinical = find_norm("core-10-uk-primary-care-counselling-2007");
    REQUIRE(general != nullptr);
    REQUIRE(clinical != nullptr);
    CHECK(general->n == 535);
    CHECK(clinical->n == 1835);
    // Jacobson & Truax (1991) cut-off c from the two samples: (4.8 x 19.7 + 7.7 x 4.7) / (4.8 +
    // 7.7) = 10.5, consistent with the published clinical cut-off of 11.
    const double c = (general->sd * clinical->mean + clinical->sd * general->mean) / (general->sd + clinical->sd);
    CHECK(c == doctest::Approx(10.4600).epsilon(1e-4));
    CHECK(c < instruments::core10_clinical_cutoff.value);

    CHECK(find_norm("wai-sr-anything") == nullptr);
}

TEST_CASE("describe(norm) names the id and edition, so a result says which numbers it used") {
    CHECK(describe(*find_norm("gad-7-de-general-women-2008")) ==
          "gad-7-de-general-women-2008 (edition 1): gad-7 total, German general population, women "
          "(household survey 2006; total n = 5030, 53.6% female); n = not reported, M = 3.2, SD = 3.5, "
          "alpha = 0.89; " +
              std::string(instruments::gad7_german_norm_citation));
    const norm lab{.id = "lab-2024", .edition = 3, .instrument = "lab", .scale = "bond", .n = 80, .mean = 5.5, .sd = 1.25};
    CHECK(describe(lab) == "lab-2024 (edition 3): lab bond; n = 80, M = 5.5, SD = 1.25");
}

TEST_CASE("find_problem(norm): every rule, with its stable id and field") {
    const norm good{.id = "g", .instrument = "x", .scale = "total", .n = 10, .mean = 1, .sd = 1,
                    .reliability = {0.9, reliability_kind::alpha}};
    CHECK_FALSE(find_problem(good).has_value());
    const auto problem = [&](auto change) {
        norm copy = good;
        change(copy);
        const auto found = find_problem(copy);
        REQUIRE(found.has_value());
        return std::string(found->id) + " " + std::string(found->field);
    };
    CHECK(problem([](norm& r) { r.id = ""; }) == "alliance.norm.missing_id id");
    CHECK(problem([](norm& r) { r.edition = 0; }) == "alliance.norm.bad_edition edition");
    CHECK(problem([](norm& r) { r.scale = ""; }) == "alliance.norm.missing_scale scale");
    CHECK(problem([](norm& r) { r.n = 1; }) == "alliance.norm.bad_n n");
    CHECK(problem([](norm& r) { r.sd = 0; }) == "alliance.norm.sd_not_positive sd");
    CHECK(problem([](norm& r) { r.sd = -2; }) == "alliance.norm.sd_not_positive sd");
    CHECK(problem([](norm& r) { r.sd = std::numeric_limits<double>::infinity(); }) == "alliance.norm.sd_not_positive sd");
    CHECK(problem([](norm& r) { r.mean = std::numeric_limits<double>::quiet_NaN(); }) == "alliance.norm.bad_mean mean");
    CHECK(problem([](norm& r) { r.reliability.value = 0; }) == "alliance.norm.bad_reliability reliability");
    CHECK(problem([](norm& r) { r.reliability.value = 1.01; }) == "alliance.norm.bad_reliability reliability");
    CHECK(problem([](norm& r) { r.reliability.kind = reliability_kind::none; }) ==
          "alliance.norm.bad_reliability reliability");  // a value without its kind
    norm unreliable = good;
    unreliable.reliability = {};
    CHECK_FALSE(find_problem(unreliable).has_value());
    unreliable.reliability = {1.0, reliability_kind::test_retest};
    CHECK_FALSE(find_problem(unreliable).has_value());  // 1 is allowed: (0, 1]
}

TEST_CASE("fits(norm, instrument): same instrument id and one of its scales") {
    const auto& core10 = instruments::core10.view();
    CHECK(fits(*find_norm("core-10-uk-general-population-2007"), core10));
    CHECK_FALSE(fits(*find_norm("gad-7-de-general-men-2008"), core10));
    norm wrong_scale = *find_norm("core-10-uk-general-population-2007");
    wrong_scale.scale = "problems";
    CHECK_FALSE(fits(wrong_scale, core10));
}

TEST_CASE("severity bands: published integer ranges, prorated scores stay in the lower band") {
    const severity_bands* phq = find_severity_bands("phq-9-severity");
    REQUIRE(phq != nullptr);
    const std::array<const char*, 28> expected{
        "minimal", "minimal", "minimal", "minimal", "minimal", "mild", "mild", "mild", "mild", "mild",
        "moderate", "moderate", "moderate", "moderate", "moderate", "moderately severe", "moderately severe",
        "moderately severe", "moderately severe", "moderately severe", "severe", "severe", "severe", "severe",
        "severe", "severe", "severe", "severe"};
    for (int score = 0; score <= 27; ++score) {
        CAPTURE(score);
        CHECK(classify(*phq, score)->label == expected[static_cast<std::size_t>(score)]);
    }
    CHECK(classify(*phq, 9.99)->label == "mild");
    CHECK(classify(*phq, 27.5) == nullptr);
    CHECK(classify(*phq, -0.5) == nullptr);
    CHECK(classify(*phq, std::numeric_limits<double>::quiet_NaN()) == nullptr);
    CHECK(find_severity_bands("core-10-severity")->bands.size() == 5);
    CHECK(find_severity_bands("gad-7-severity")->bands.back().to == 21);
    CHECK(find_severity_bands("nothing") == nullptr);
}

TEST_CASE("find_problem(severity_bands) and describe") {
    const std::array bands{severity_band{"low", 0, 4}, severity_band{"", 5, 9}};
    const severity_bands unnamed{.id = "t", .instrument = "x", .scale = "total", .bands = bands};
    const auto problem = find_problem(unnamed);
    REQUIRE(problem.has_value());
    CHECK(problem->id == "alliance.severity.unnamed_band");
    CHECK(describe(*problem, unnamed) == "t, band 2 (''): a band has no label");
    const std::array overlapping{severity_band{"low", 0, 5}, severity_band{"high", 5, 9}};
    CHECK(find_problem(severity_bands{.id = "t", .scale = "total", .bands = overlapping})->id == "alliance.severity.overlap");
    const std::array reversed{severity_band{"low", 4, 0}};
    CHECK(find_problem(severity_bands{.id = "t", .scale = "total", .bands = reversed})->id == "alliance.severity.bad_range");
    CHECK(find_problem(severity_bands{.id = "t", .scale = "total"})->id == "alliance.severity.no_bands");
    CHECK(find_problem(severity_bands{.scale = "total", .bands = bands})->id == "alliance.severity.missing_id");
}

TEST_CASE("catalogue lookups of cut-offs") {
    CHECK(find_cutoff("srs-total-36")->value == 36);
    CHECK(find_cutoff("core-om-total-clinical-10")->value == 1.0);
    CHECK(find_cutoff("phq-9-total-10")->when == flag_when::at_or_above);
    CHECK(find_cutoff("none") == nullptr);
    const catalogue_entry* gad = find_instrument("gad-7");
    REQUIRE(gad != nullptr);
    CHECK(gad->norms.size() == 2);
    CHECK(gad->severity.size() == 1);
    CHECK(gad->cutoffs.size() == 1);
}
