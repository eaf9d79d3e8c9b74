// alliance/table/survey_exports.hpp: a Qualtrics export's metadata rows and a REDCap export's
// rows of other forms, told apart from answers.
#include <doctest/doctest.h>

#include <alliance/table/survey_exports.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace alliance::table;

TEST_CASE("Qualtrics ImportId cells and metadata rows") {
    CHECK(is_qualtrics_import_id(R"({"ImportId":"QID1_1"})"));
    CHECK(is_qualtrics_import_id(R"( { "ImportId": "startDate", "timeZone": "Z" } )"));
    CHECK_FALSE(is_qualtrics_import_id("ImportId"));
    CHECK_FALSE(is_qualtrics_import_id(R"({"importid":"QID1"})"));
    const std::vector<std::string_view> metadata{R"({"ImportId":"responseId"})", R"({"ImportId":"QID1_1"})", ""};
    CHECK(is_qualtrics_metadata_row(std::span<const std::string_view>(metadata)));
    const std::vector<std::string> answers{"R_1", "4", "5"};
    CHECK_FALSE(is_qualtrics_metadata_row(std::span<const std::string>(answers)));
    // A free-text answer that happens to start so is one cell among answers, not a metadata row.
    const std::vector<std::string> one{R"({"ImportId":"x"})", "4", "5"};
    CHECK_FALSE(is_qualtrics_metadata_row(std::span<const std::string>(one)));
    const std::vector<std::string> empty{"", ""};
    CHECK_FALSE(is_qualtrics_metadata_row(std::span<const std::string>(empty)));
    CHECK(qualtrics_hint("--qualtrics") ==
          "rows 2 and 3 look like a Qualtrics export's question text and ImportId metadata, not answers; give "
          "--qualtrics to skip them");
}

TEST_CASE("REDCap: the rows of the measure's form, and why the others are not") {
    CHECK_FALSE(redcap_other_form("", "").has_value());
    CHECK_FALSE(redcap_other_form(" wai ", "wai").has_value());
    CHECK(redcap_other_form("phq", "") ==
          "a REDCap row of form 'phq' (redcap_repeat_instrument), not of the non-repeating forms that hold the measure");
    CHECK(redcap_other_form("phq", "wai") == "a REDCap row of form 'phq' (redcap_repeat_instrument), not of form 'wai'");
    CHECK(redcap_other_form("", "wai") ==
          "a REDCap row of the record's non-repeating forms (redcap_repeat_instrument is empty), not of form 'wai'");
}
