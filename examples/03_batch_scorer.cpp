// Example driver: how a research program embeds the headers to score a CSV file of WAI-SR
// records (client, session, ..., item1..item12). Every input record yields one output row:
// the four scale scores, or an error naming the line, the column and the value. The `alliance`
// tool (tools/alliance/) does the same with every CSV dialect, key files and more checks.
// Its output on examples/data/wai_sr_sample.csv is checked against 03_batch_scorer.output.
#include <alliance/core.hpp>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

// One CSV line into fields (RFC 4180 quotes; no line breaks inside a field).
std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
        else if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) fields.emplace_back();
        else fields.back() += c;
    }
    return fields;
}

// A blank field or NA is a missing answer; anything else must be a number.
bool parse(const std::string& field, alliance::response& answer) {
    if (field.empty() || field == "NA") return answer = alliance::missing, true;
    double x = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), x);
    if (error != std::errc{} || end != field.data() + field.size()) return false;
    return answer = alliance::response(x), true;
}

}  // namespace

int main(int argc, char** argv) {
    const auto& wai = alliance::instruments::wai_sr;
    std::ifstream in(argc > 1 ? argv[1] : ALLIANCE_EXAMPLES_DIR "/data/wai_sr_sample.csv");
    std::string line;
    if (!std::getline(in, line)) return std::fprintf(stderr, "cannot read the input\n"), 2;
    const auto header = split(line);
    std::vector<std::size_t> columns;  // the column of item1..item12
    for (std::size_t item = 1; item <= wai.item_count; ++item)
        for (std::size_t c = 0; c < header.size(); ++c)
            if (header[c] == "item" + std::to_string(item)) columns.push_back(c);
    if (columns.size() != wai.item_count) return std::fprintf(stderr, "item1..item12 not all found\n"), 2;

    std::printf("client,session,");
    for (const auto& scale : wai.scales()) std::printf("%s,", std::string(scale.name).c_str());
    std::printf("status\n");
    for (int number = 2; std::getline(in, line); ++number) {
        const auto fields = split(line);
        std::printf("%s,%s,", fields[0].c_str(), fields.size() > 1 ? fields[1].c_str() : "");
        std::vector<alliance::response> record(wai.item_count);
        std::string problem;
        for (std::size_t i = 0; i < columns.size() && problem.empty(); ++i) {
            const std::string field = columns[i] < fields.size() ? fields[columns[i]] : "";
            if (!parse(field, record[i]))
                problem = "line " + std::to_string(number) + ", " + header[columns[i]] + ": '" + field +
                          "' is not a number";
        }
        if (problem.empty()) try {
                const auto scores = score(wai, record, {.record = "line " + std::to_string(number)});
                for (const auto& scale : scores)
                    if (scale.has_score()) std::printf("%g,", scale.reported_value());
                    else std::printf(",");
                std::printf("%s\n", std::string(to_string(scores["total"].status())).c_str());
                continue;
            } catch (const alliance::error& e) {
                problem = e.what();
            }
        std::printf(",,,,\"error: %s\"\n", problem.c_str());
    }
}
