#include "net/LivenessProbe.h"

#include <curl/curl.h>

#include <memory>

namespace hall::net {

namespace {

int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

size_t discard(char*, size_t size, size_t count, void*) {
    return size * count;
}

}  // namespace

std::string LivenessProbe::localUrl(const std::string& listenAddress, int port,
                                    const std::string& path) {
    std::string host = listenAddress;
    if (host.empty() || host == "0.0.0.0")
        host = "127.0.0.1";
    else if (host == "::")
        host = "::1";
    if (host.find(':') != std::string::npos)
        host = "[" + host + "]";
    return "https://" + host + ":" + std::to_string(port) + path;
}

LivenessProbe::LivenessProbe(std::string url, std::filesystem::path certificate,
                             std::function<void()> alsoCheck, std::chrono::milliseconds every)
    : url_(std::move(url)),
      certificate_(std::move(certificate)),
      alsoCheck_(std::move(alsoCheck)),
      every_(every),
      lastAnswerMs_(steadyMs()) {
    thread_ = std::thread([this] { run(); });
}

LivenessProbe::~LivenessProbe() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_.notify_all();
    thread_.join();
}

bool LivenessProbe::answeredWithin(std::chrono::milliseconds maxAge) const {
    return steadyMs() - lastAnswerMs_.load() <= maxAge.count();
}

bool LivenessProbe::probeOnce() {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!initialised)
        return false;
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl)
        return false;
    const std::string ca = certificate_.string();
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
    // This process's own certificate, on loopback: which names it carries does not matter here.
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    long status = 0;
    if (curl_easy_perform(h) != CURLE_OK)
        return false;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return status == 200;
}

void LivenessProbe::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        const bool answered = probeOnce();
        if (answered && alsoCheck_)
            alsoCheck_();
        if (answered)
            lastAnswerMs_ = steadyMs();
        lock.lock();
        stop_.wait_for(lock, every_, [this] { return stopping_; });
    }
}

}  // namespace hall::net
