#pragma once
// Typed, validating access to one table of a TOML file. Every problem found is recorded with the
// file, line and dotted field name, and reading goes on, so one pass reports all of them.
#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "Result.h"

namespace hall {

class ConfigProblems {
  public:
    explicit ConfigProblems(std::filesystem::path file) : file_(std::move(file)) {}

    void add(const toml::source_region& where, const std::string& field, const std::string& what);
    void addAtLine(int line, const std::string& field, const std::string& what);
    bool empty() const { return lines_.empty(); }
    Error toError() const;
    const std::filesystem::path& file() const { return file_; }

  private:
    std::filesystem::path file_;
    std::vector<std::string> lines_;
};

// Parses TOML text; a syntax error becomes one problem with its line and column.
std::optional<toml::table> parseToml(std::string_view text, ConfigProblems& problems);

// Reads a whole file into a string, or explains why it could not.
Result<std::string> readTextFile(const std::filesystem::path& file);

// A TOML file read and parsed: the error says why it could not be read, or its syntax errors.
Result<toml::table> readTomlFile(const std::filesystem::path& file);

// A path from a config file: relative ones are taken from the file's own folder.
std::filesystem::path resolveAgainst(const std::filesystem::path& base, const std::string& value);

class TomlSection {
  public:
    TomlSection(const toml::table& table, std::string path, ConfigProblems& problems);

    std::optional<std::string> text(const std::string& key, bool required);
    std::optional<bool> boolean(const std::string& key, bool required);
    std::optional<int64_t> integer(const std::string& key, bool required, int64_t min, int64_t max);
    std::optional<std::vector<std::string>> textList(const std::string& key, bool required);
    std::optional<std::vector<int64_t>> integerList(const std::string& key, bool required,
                                                    int64_t min, int64_t max);
    // A nested table; nullopt (with a problem when required) if absent or not a table.
    std::optional<TomlSection> table(const std::string& key, bool required);
    // An array of tables ([[key]]).
    std::vector<TomlSection> tables(const std::string& key, bool required);

    // Records every key that no getter asked for, so a misspelt field is not silently ignored.
    void rejectUnknownKeys();

    std::string field(const std::string& key) const;
    void problem(const std::string& key, const std::string& what);
    void problemHere(const std::string& what);
    const toml::table& raw() const { return *table_; }
    const std::string& path() const { return path_; }

  private:
    const toml::node* lookup(const std::string& key, bool required);

    const toml::table* table_;
    std::string path_;
    ConfigProblems* problems_;
    std::set<std::string> used_;
};

}  // namespace hall
