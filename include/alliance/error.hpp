// One exception family for the whole library, after nlohmann/json's detail/exceptions.hpp:
// every error carries a stable id ("alliance.response.out_of_range") that people can search
// for, and a message that names the instrument, the record, the item and the value.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace alliance {

// Who is at fault, which decides how a front-end shows an error: the caller's request (an
// option that does not fit, a column the data lack: the command line's usage error, exit 2;
// Python's ValueError or ColumnError; R's alliance_input_error, each with the message alone),
// or the data and the library's rules (the message with its "[id] ").
enum class error_source : bool { data, request };

class error : public std::runtime_error {
public:
    error(std::string_view id, const std::string& what_arg, error_source source = error_source::data)
        : std::runtime_error(compose(id, what_arg)), id_(id), source_(source) {}

    // Stable identifier, e.g. "alliance.definition.duplicate_item"; never reworded.
    [[nodiscard]] const std::string& id() const noexcept { return id_; }
    // The message without the "[id] " that what() starts with.
    [[nodiscard]] const char* message() const noexcept { return what() + id_.size() + 3; }
    // The caller's request is at fault (error_source): what front-ends test, never the id's text.
    [[nodiscard]] bool from_request() const noexcept { return source_ == error_source::request; }

private:
    // Appends piecewise: g++ 12 at -O3 warns falsely (-Wrestrict, GCC bug 105329) on
    // "[" + std::string + "] " + std::string.
    static std::string compose(std::string_view id, const std::string& what_arg) {
        std::string text;
        text.reserve(id.size() + what_arg.size() + 3);
        text.append("[").append(id).append("] ").append(what_arg);
        return text;
    }

    std::string id_;
    error_source source_;
};

// An instrument definition (compile-time or run-time) breaks a structural rule.
class definition_error : public error {
public:
    using error::error;
};

// A response cannot be scored: out of range, not an integer on a Likert scale, not finite,
// "does not apply" where the scale has no such option, or the record has the wrong length.
class response_error : public error {
public:
    using error::error;
};

// A score was asked for that does not exist: an unknown scale name, or the sum of a scale
// whose missing-item rule left it unscored.
class lookup_error : public error {
public:
    using error::error;
};

// A statistical routine got an input outside its domain (n < 2, SD <= 0, reliability
// outside (0, 1], ...); the message names the parameter.
class domain_error : public error {
public:
    using error::error;
};

// A table's rows cannot be used as given: two inputs whose keys do not pair one to one, or
// that pair by position and differ in length (alliance/table/).
class table_error : public error {
public:
    using error::error;
};

// A column a request names is not in the table, or is in it twice (which to read is
// ambiguous): the caller's mistake in naming, before any row is read. Python raises it as
// ColumnError (a KeyError), as pandas does for an absent column.
class column_error : public table_error {
public:
    column_error(std::string_view id, const std::string& what_arg) : table_error(id, what_arg, error_source::request) {}
};

// A request's options do not fit together or are out of their range (`--norm` with `--mean`, a
// cut-off letter without its norms, an unknown rule): the caller's mistake in asking, not in the
// data. Its message spells the options as the caller's front-end does (alliance/table/spelling.hpp).
// Front-ends show it as they show their own usage errors (the command line's exit status 2).
// A table_error: the table layer (alliance/table/) checks the requests.
class option_error : public table_error {
public:
    option_error(std::string_view id, const std::string& what_arg) : table_error(id, what_arg, error_source::request) {}
};

// An argument of a package function has the wrong kind of value (text where a number is
// expected): Python raises it as TypeError.
class argument_error : public option_error {
public:
    using option_error::option_error;
};

}  // namespace alliance
