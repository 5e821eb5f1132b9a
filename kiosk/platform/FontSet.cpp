#include "platform/FontSet.h"

#include <fcntl.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hall {

namespace {

struct MappedFile {
    std::shared_ptr<void> mapping;
    size_t size = 0;
    void* data() const { return mapping.get(); }
};

// Maps the font read-only: only the pages FreeType touches become resident, instead of the
// 20 MB collection being copied into memory once per font size.
Result<MappedFile> mapFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(path + ": cannot open the font: " + std::strerror(errno));
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        return fail(path + ": cannot read the font's size");
    }
    void* data = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (data == MAP_FAILED)
        return fail(path + ": cannot map the font: " + std::strerror(errno));
    const auto size = static_cast<size_t>(st.st_size);
    return MappedFile{std::shared_ptr<void>(data, [size](void* p) { munmap(p, size); }), size};
}

std::vector<ImWchar> rangesFor(const std::set<char32_t>& glyphs) {
    ImFontGlyphRangesBuilder builder;
    for (char32_t cp : glyphs) {
        if (cp >= 0x20 && cp <= 0xFFFF)
            builder.AddChar(static_cast<ImWchar>(cp));
    }
    builder.AddChar(0x2026);  // ImGui's ellipsis for clipped text
    builder.AddChar('?');
    ImVector<ImWchar> built;
    builder.BuildRanges(&built);
    return std::vector<ImWchar>(built.begin(), built.end());
}

ImFont* addFont(const MappedFile& file, const FontFace& face, float size, const ImWchar* ranges) {
    ImFontConfig cfg;
    // ImGui copies font data it does not own (20 MB per size for a CJK collection). Claiming
    // ownership avoids the copies; buildFontSet hands ownership back before ImGui could free it.
    cfg.FontDataOwnedByAtlas = true;
    cfg.FontNo = face.index;
    cfg.PixelSnapH = true;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(file.data(), static_cast<int>(file.size),
                                                      size, &cfg, ranges);
}

}  // namespace

std::set<char32_t> unrenderable(const std::set<char32_t>& glyphs, const FontFace& face) {
    std::set<char32_t> out = face.missing(glyphs);
    for (char32_t cp : glyphs) {
        if (cp > 0xFFFF)
            out.insert(cp);
    }
    return out;
}

Result<FontSet> buildFontSet(const std::set<char32_t>& glyphs,
                             const std::set<char32_t>& numberGlyphs, const FontSizes& sizes,
                             int maxTextureSize) {
    auto regular = locateKioskFont(FontWeight::Regular);
    if (!regular)
        return regular.error();
    auto bold = locateKioskFont(FontWeight::Bold);
    if (!bold)
        bold = regular;
    auto regularData = mapFile(regular->file);
    if (!regularData)
        return regularData.error();
    auto boldData = bold->file == regular->file ? regularData : mapFile(bold->file);
    if (!boldData)
        return boldData.error();

    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    atlas->TexDesiredWidth = maxTextureSize >= 4096 ? 4096 : 2048;

    FontSet set;
    set.ranges.push_back(rangesFor(glyphs));
    set.ranges.push_back(rangesFor(numberGlyphs));
    const ImWchar* all = set.ranges[0].data();
    set.fontFiles = {regularData->mapping, boldData->mapping};
    set.body = addFont(*regularData, *regular, sizes.body, all);
    set.large = addFont(*boldData, *bold, sizes.large, all);
    set.number = addFont(*boldData, *bold, sizes.number, set.ranges[1].data());
    if (!set.body || !set.large || !set.number || !atlas->Build()) {
        return fail("cannot rasterise the font " + regular->file);
    }
    for (ImFontConfig& cfg : atlas->ConfigData)
        cfg.FontDataOwnedByAtlas = false;
    // The glyphs are rasterised; the font files are not needed again.
    atlas->ClearInputData();
    set.fontFiles.clear();
    set.atlasWidth = atlas->TexWidth;
    set.atlasHeight = atlas->TexHeight;
    if (maxTextureSize > 0 &&
        (atlas->TexWidth > maxTextureSize || atlas->TexHeight > maxTextureSize)) {
        return fail("the glyph atlas (" + std::to_string(atlas->TexWidth) + "x" +
                    std::to_string(atlas->TexHeight) + ") exceeds this GPU's texture limit (" +
                    std::to_string(maxTextureSize) + "); shorten the texts in config");
    }
    for (ImFont* f : {set.body, set.large, set.number}) {
        set.glyphCount += static_cast<size_t>(f->Glyphs.Size);
    }
    return set;
}

Result<FontSet> builtInFontSet(const FontSizes& sizes) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    FontSet set;
    set.latinOnly = true;
    auto add = [&](float size) {
        ImFontConfig cfg;
        cfg.SizePixels = size;
        return atlas->AddFontDefault(&cfg);
    };
    set.body = add(sizes.body);
    set.large = add(sizes.large);
    set.number = add(sizes.large);
    if (!set.body || !set.large || !set.number || !atlas->Build())
        return fail("even ImGui's built-in font cannot be rasterised");
    set.atlasWidth = atlas->TexWidth;
    set.atlasHeight = atlas->TexHeight;
    return set;
}

}  // namespace hall
