// Which statistics package wrote a data file, told by its name, and the error a file that cannot
// be read as one gives. Reading the file is alliance/table/stat_file.hpp (tier alliance::readstat,
// which needs ReadStat); this header needs nothing, so that a front-end built without ReadStat
// can still tell such a file from CSV and say why it cannot read it. Core tier.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "alliance/error.hpp"

namespace alliance::table {

// SPSS system files (.sav; .zsav, zlib-compressed, since SPSS 21), SPSS portable files (.por)
// and Stata files (.dta, every version ReadStat reads: 104 to 119).
enum class stat_format : std::uint8_t { sav, zsav, por, dta };

// "sav", "zsav", "por", "dta": the file name extension, without its dot.
[[nodiscard]] constexpr std::string_view to_string(stat_format format) noexcept {
    switch (format) {
        case stat_format::sav:
            return "sav";
        case stat_format::zsav:
            return "zsav";
        case stat_format::por:
            return "por";
        case stat_format::dta:
            return "dta";
    }
    return "sav";
}

// The format a file name ends in (".sav", ".SAV", ".Zsav", ...: case-insensitive, as on the
// systems where these files are made); none for any other name, which is then read as CSV.
[[nodiscard]] constexpr std::optional<stat_format> stat_format_of(std::string_view path) noexcept {
    const std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const std::string_view extension = path.substr(dot + 1);
    const auto is = [&](std::string_view lower) {
        if (extension.size() != lower.size()) return false;
        for (std::size_t i = 0; i < lower.size(); ++i) {
            const char c = extension[i];
            if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lower[i]) return false;
        }
        return true;
    };
    for (const stat_format format : {stat_format::sav, stat_format::zsav, stat_format::por, stat_format::dta})
        if (is(to_string(format))) return format;
    return std::nullopt;
}

// What went wrong reading a statistics file, for front-ends that raise each kind as their own
// exception (Python: OSError for an unreadable file, ValueError for the rest) without comparing
// ids: the id says the same for people.
enum class stat_file_problem : std::uint8_t {
    unreadable,      // alliance.stat_file.unreadable: absent, not a regular file, a read failed
    malformed,       // alliance.stat_file.malformed: not a file of its format, or cut short
    unknown_format,  // alliance.stat_file.unknown_format: the name ends in none of the formats
};

// A statistics file that cannot be read. The message names the file (as the caller named it)
// and says why: the system's reason, or ReadStat's.
class stat_file_error : public error {
public:
    stat_file_error(stat_file_problem problem, std::string source, const std::string& what)
        : error(id_of(problem), what,
                problem == stat_file_problem::unknown_format ? error_source::request : error_source::data),
          problem_(problem),
          source_(std::move(source)) {}

    [[nodiscard]] stat_file_problem problem() const noexcept { return problem_; }
    // The file's name (or the name given to read_stat_bytes).
    [[nodiscard]] const std::string& source() const noexcept { return source_; }

private:
    [[nodiscard]] static std::string_view id_of(stat_file_problem problem) noexcept {
        switch (problem) {
            case stat_file_problem::unreadable:
                return "alliance.stat_file.unreadable";
            case stat_file_problem::malformed:
                return "alliance.stat_file.malformed";
            case stat_file_problem::unknown_format:
                return "alliance.stat_file.unknown_format";
        }
        return "alliance.stat_file.malformed";
    }

    stat_file_problem problem_;
    std::string source_;
};

}  // namespace alliance::table
