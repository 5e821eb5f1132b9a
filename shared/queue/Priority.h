#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hall {

// Residents who may be served first (优先): the categories Chinese halls commonly give priority
// to. A category is only a claim made at the kiosk; staff confirm it at the window.
enum class PriorityCategory { Age70, Disability, Pregnancy, Veteran };

std::string_view priorityCode(PriorityCategory c);
std::optional<PriorityCategory> priorityFromCode(std::string_view code);
const std::vector<PriorityCategory>& allPriorityCategories();

}  // namespace hall
