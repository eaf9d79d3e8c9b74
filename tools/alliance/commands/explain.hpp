// `alliance explain`: the teaching trace of one record (alliance::explain), as text for people
// or as JSON for programs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/explain.hpp>
#include <alliance/table/response_list.hpp>

#include "command_line.hpp"
#include "arguments.hpp"
#include "commands/list.hpp"
#include "io/json_writer.hpp"
#include "response_codes.hpp"

namespace alliance::cli {

// "4,5,NA,3" -> responses (alliance/table/response_list.hpp); a token that is neither a number
// nor a code is a usage error.
[[nodiscard]] inline std::vector<response> parse_response_list(const std::string& list, const response_codes& codes) {
    const std::vector<std::string> tokens = split_list(list);
    std::vector<table::listed_answer> answers;
    for (const std::string& token : tokens) answers.push_back({std::nullopt, token});
    return detail::check_request([&] { return table::read_response_list(answers, codes, table::command_line_spelling); });
}

inline void write_explanation_json(json_writer& json, const explanation& trace) {
    const instrument_view& def = trace.instrument;
    json.begin_object();
    json.key("instrument");
    json.begin_object();
    json.field("id", def.about.id);
    json.field("name", def.about.name);
    json.field("form", to_string(def.about.form));
    json.field("citation", def.about.citation);
    json.end_object();
    if (!trace.record.empty()) json.field("record", trace.record);
    json.key("response_scale");
    write_response_scale_json(json, def.response_format);
    json.key("reversed");
    json.begin_array();
    for (const int item : def.reversed) json.value(item);
    json.end_array();

    json.key("items");
    json.begin_array();
    for (const item_trace& item : trace.items) {
        json.begin_object();
        json.field("item", item.number);
        json.field("given", item.given.is_missing()          ? "missing"
                            : item.given.is_not_applicable() ? "not_applicable"
                                                             : "value");
        json.key("value");
        if (item.given.has_value()) json.value(item.given.value());
        else json.null();
        json.field("reversed", item.reversed);
        json.key("scored");
        if (item.scored) json.value(*item.scored);
        else json.null();
        json.end_object();
    }
    json.end_array();

    json.field("scored", trace.scored());
    json.key("problems");
    json.begin_array();
    for (const response_problem& problem : trace.problems) {
        json.begin_object();
        json.field("id", error_id(problem.code));
        json.field("item", problem.item);
        json.field("value", problem.value);
        json.field("message", describe(problem, def, trace.record));
        json.end_object();
    }
    json.end_array();

    json.key("scales");
    json.begin_array();
    for (const scale_trace& s : trace.scales) {
        const scale_score& score = s.score;
        json.begin_object();
        json.field("name", s.name);
        json.field("role", to_string(s.role));
        json.field("metric", to_string(s.metric));
        json.key("items");
        json.begin_array();
        for (const int item : s.items) json.value(item);
        json.end_array();
        json.key("answered_values");
        json.begin_array();
        for (const double value : s.answered_values) json.value(value);
        json.end_array();
        json.field("answered_sum", s.answered_sum);
        json.field("answered", score.answered());
        json.field("item_count", score.items());
        json.key("rule");
        write_rule_json(json, s.rule, score.items());
        json.field("rule_overridden", s.rule_overridden);
        if (s.rule_overridden) {
            json.key("own_rule");
            write_rule_json(json, s.own_rule, score.items());
        }
        json.field("status", to_string(score.status()));
        json.field("reason", s.reason);
        json.key("sum");
        if (score.has_score()) json.value(score.sum());
        else json.null();
        json.key("mean");
        if (score.has_score()) json.value(score.mean());
        else json.null();
        json.end_object();
    }
    json.end_array();
    json.end_object();
    json.finish();
}

inline constexpr std::string_view explain_help = R"(Usage: alliance explain (--instrument ID | --key FILE) --responses LIST [OPTIONS]

The scoring of one record, step by step: the responses given, which items are reverse-keyed
and what they become, each scale's items and arithmetic, the missing-item rule applied and
why, the sum and the mean, and the citation of the key.

Options:
  --instrument ID         a built-in instrument ('alliance list')
  --key FILE              an instrument key file (docs/key-files.md)
  --responses LIST        the responses in item order, comma-separated, e.g. 4,5,3,NA,2
                          (empty or NA: missing)
  --missing CODES         codes meaning "not answered" (replaces: the empty text and NA)
  --not-applicable CODES  codes meaning "does not apply"
  --min-answered FRACTION prorate a scale with at least this fraction answered (as for score)
  --format FORMAT         text (default) or json
  -o, --output FILE       write to FILE instead of standard output
  -h, --help              this text

Exit status: 0 the record is scored; 1 it has invalid responses (out of range, wrong
count: the trace says which); 2 usage error (e.g. a response that is not a number or code).
)";

namespace detail {

inline const std::vector<option_spec> explain_options{
    {"instrument"}, {"key"},    {"responses"}, {"missing"}, {"not-applicable"}, {"min-answered"},
    {"format"},     {"output", true, 'o'}, {"help", false, 'h'}};

// run_explain, the command's entry point: commands/explain.cpp.

}  // namespace detail

}  // namespace alliance::cli
