#include "config/TomlSection.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "text/Utf8.h"

namespace hall {

void ConfigProblems::add(const toml::source_region& where, const std::string& field,
                         const std::string& what) {
    addAtLine(static_cast<int>(where.begin.line), field, what);
}

void ConfigProblems::addAtLine(int line, const std::string& field, const std::string& what) {
    std::string out = file_.string();
    if (line > 0)
        out += ":" + std::to_string(line);
    out += ": ";
    if (!field.empty())
        out += field + ": ";
    out += what;
    lines_.push_back(std::move(out));
}

Error ConfigProblems::toError() const {
    std::string message;
    for (const auto& line : lines_) {
        if (!message.empty())
            message += "\n";
        message += line;
    }
    return fail("config.invalid", message);
}

std::optional<toml::table> parseToml(std::string_view text, ConfigProblems& problems) {
    if (!utf8::isValid(text)) {
        problems.addAtLine(0, "", "the file is not valid UTF-8; save it as UTF-8 without a BOM");
        return std::nullopt;
    }
    try {
        return toml::parse(text, problems.file().string());
    } catch (const toml::parse_error& e) {
        problems.addAtLine(static_cast<int>(e.source().begin.line), "",
                           "TOML syntax error at column " +
                               std::to_string(e.source().begin.column) + ": " +
                               std::string(e.description()));
        return std::nullopt;
    }
}

Result<toml::table> readTomlFile(const std::filesystem::path& file) {
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    ConfigProblems problems(file);
    auto table = parseToml(*text, problems);
    if (!table)
        return problems.toError();
    return std::move(*table);
}

std::filesystem::path resolveAgainst(const std::filesystem::path& base, const std::string& value) {
    const std::filesystem::path p(value);
    return p.is_absolute() ? p : (base / p).lexically_normal();
}

Result<std::string> readTextFile(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        return fail(file.string() + ": is a folder, not a file; give the path of the file itself");
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return fail(file.string() + ": cannot open: " + std::strerror(errno));
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return fail(file.string() + ": cannot read: " + std::strerror(errno));
    return buffer.str();
}

TomlSection::TomlSection(const toml::table& table, std::string path, ConfigProblems& problems)
    : table_(&table), path_(std::move(path)), problems_(&problems) {}

std::string TomlSection::field(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
}

void TomlSection::problem(const std::string& key, const std::string& what) {
    const toml::node* node = table_->get(key);
    problems_->add(node ? node->source() : table_->source(), field(key), what);
}

void TomlSection::problemHere(const std::string& what) {
    problems_->add(table_->source(), path_, what);
}

const toml::node* TomlSection::lookup(const std::string& key, bool required) {
    used_.insert(key);
    const toml::node* node = table_->get(key);
    if (!node && required)
        problems_->add(table_->source(), field(key), "is required but missing");
    return node;
}

std::optional<std::string> TomlSection::text(const std::string& key, bool required) {
    const toml::node* node = lookup(key, required);
    if (!node)
        return std::nullopt;
    if (!node->is_string()) {
        problem(key, "must be a text string in quotes");
        return std::nullopt;
    }
    return node->value<std::string>();
}

std::optional<bool> TomlSection::boolean(const std::string& key, bool required) {
    const toml::node* node = lookup(key, required);
    if (!node)
        return std::nullopt;
    if (!node->is_boolean()) {
        problem(key, "must be true or false");
        return std::nullopt;
    }
    return node->value<bool>();
}

std::optional<int64_t> TomlSection::integer(const std::string& key, bool required, int64_t min,
                                            int64_t max) {
    const toml::node* node = lookup(key, required);
    if (!node)
        return std::nullopt;
    if (!node->is_integer()) {
        problem(key, "must be a whole number");
        return std::nullopt;
    }
    const int64_t v = *node->value<int64_t>();
    if (v < min || v > max) {
        problem(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                         " (got " + std::to_string(v) + ")");
        return std::nullopt;
    }
    return v;
}

std::optional<std::vector<std::string>> TomlSection::textList(const std::string& key,
                                                              bool required) {
    const toml::node* node = lookup(key, required);
    if (!node)
        return std::nullopt;
    const toml::array* arr = node->as_array();
    if (!arr) {
        problem(key, "must be a list of text strings, like [\"a\", \"b\"]");
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : *arr) {
        if (!item.is_string()) {
            problems_->add(item.source(), field(key), "every entry must be a text string");
            return std::nullopt;
        }
        out.push_back(*item.value<std::string>());
    }
    return out;
}

std::optional<std::vector<int64_t>> TomlSection::integerList(const std::string& key, bool required,
                                                             int64_t min, int64_t max) {
    const toml::node* node = lookup(key, required);
    if (!node)
        return std::nullopt;
    const toml::array* arr = node->as_array();
    if (!arr) {
        problem(key, "must be a list of whole numbers, like [1, 2]");
        return std::nullopt;
    }
    std::vector<int64_t> out;
    for (const auto& item : *arr) {
        if (!item.is_integer() || *item.value<int64_t>() < min || *item.value<int64_t>() > max) {
            problems_->add(item.source(), field(key),
                           "every entry must be a whole number from " + std::to_string(min) +
                               " to " + std::to_string(max));
            return std::nullopt;
        }
        out.push_back(*item.value<int64_t>());
    }
    return out;
}

std::optional<TomlSection> TomlSection::table(const std::string& key, bool required) {
    const toml::node* node = lookup(key, required);
    if (!node)
        return std::nullopt;
    const toml::table* t = node->as_table();
    if (!t) {
        problem(key, "must be a table");
        return std::nullopt;
    }
    return TomlSection(*t, field(key), *problems_);
}

std::vector<TomlSection> TomlSection::tables(const std::string& key, bool required) {
    std::vector<TomlSection> out;
    const toml::node* node = lookup(key, required);
    if (!node)
        return out;
    const toml::array* arr = node->as_array();
    if (!arr) {
        problem(key, "must be written as [[" + key + "]] sections");
        return out;
    }
    size_t index = 0;
    for (const auto& item : *arr) {
        const std::string name = field(key) + "[" + std::to_string(index++) + "]";
        if (const toml::table* t = item.as_table()) {
            out.emplace_back(*t, name, *problems_);
        } else {
            problems_->add(item.source(), name, "must be a table");
        }
    }
    return out;
}

void TomlSection::rejectUnknownKeys() {
    for (const auto& [key, node] : *table_) {
        const std::string k(key.str());
        if (!used_.count(k)) {
            problems_->add(node.source(), field(k),
                           "unknown field (misspelt, or not for this file?)");
        }
    }
}

}  // namespace hall
