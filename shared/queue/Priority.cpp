#include "queue/Priority.h"

namespace hall {

std::string_view priorityCode(PriorityCategory c) {
    switch (c) {
        case PriorityCategory::Age70:
            return "age70";
        case PriorityCategory::Disability:
            return "disability";
        case PriorityCategory::Pregnancy:
            return "pregnancy";
        case PriorityCategory::Veteran:
            return "veteran";
    }
    return "unknown";
}

std::optional<PriorityCategory> priorityFromCode(std::string_view code) {
    for (auto c : allPriorityCategories()) {
        if (priorityCode(c) == code)
            return c;
    }
    return std::nullopt;
}

const std::vector<PriorityCategory>& allPriorityCategories() {
    static const std::vector<PriorityCategory> all{
        PriorityCategory::Age70, PriorityCategory::Disability, PriorityCategory::Pregnancy,
        PriorityCategory::Veteran};
    return all;
}

}  // namespace hall
