#include "cli/validate_command.hpp"

#include <fmt/core.h>

#include <memory>
#include <string>

#include "session/session_config.hpp"
#include "strategy/strategy_host.hpp"

namespace tapedeck::cli {
namespace {

std::string Plural(size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

Status RunValidate(CliContext& context, const std::string& path) {
  session::ValidationReport report;
  Result<session::SessionConfig> config = session::LoadSessionConfig(path, report);
  if (config.ok()) {
    // Scanners and strategies: schedules, universes, modules and their configs.
    Result<std::unique_ptr<strategy::StrategyHost>> host =
        strategy::CreateStrategyHost(*config, report);
    if (!host.ok()) config = host.error();
  }
  for (const std::string& line : report.Lines()) context.out << line << '\n';
  if (config.ok()) {
    context.out << "config OK: " << session::DescribeSessionConfig(*config);
    if (!report.warnings.empty()) context.out << "; " << Plural(report.warnings.size(), "warning");
    context.out << '\n';
    return Status::Ok();
  }
  if (report.errors.empty()) return config.error();  // The file could not be read.
  context.out << Plural(report.errors.size(), "error") << ", "
              << Plural(report.warnings.size(), "warning") << '\n';
  return Error::InvalidArgument("config {} has {}", path, Plural(report.errors.size(), "error"));
}

}  // namespace

void AddValidateCommand(CLI::App& app, CliContext& context) {
  auto path = std::make_shared<std::string>();
  CLI::App* validate = app.add_subcommand(
      "validate", "Check a session config and list every error and warning with its JSON path");
  validate->add_option("config", *path, "Session config file (JSON)")->required();
  validate->callback([&context, path] {
    context.action = [&context, path] { return RunValidate(context, *path); };
  });
}

}  // namespace tapedeck::cli
