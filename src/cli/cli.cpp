#include "cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>

#include "cli/calendar_command.hpp"
#include "cli/cli_context.hpp"
#include "cli/compute_command.hpp"
#include "cli/run_command.hpp"
#include "cli/shell_command.hpp"
#include "cli/store_commands.hpp"
#include "cli/validate_command.hpp"
#include "core/log.hpp"
#include "store/duckdb_bar_store.hpp"

namespace tapedeck::cli {

namespace {

void AddExternalCommand(CLI::App& app, CliContext& context, ExternalCommand command) {
  CLI::App* sub = app.add_subcommand(command.name, command.help);
  auto values = std::make_shared<ExternalValues>();
  for (const ExternalOption& option : command.options) {
    const std::string key = option.name.substr(option.name.find_first_not_of('-'));
    std::vector<std::string>& storage = (*values)[key];
    if (!option.default_value.empty()) storage.push_back(option.default_value);
    CLI::Option* added = sub->add_option(option.name, storage, option.help);
    if (option.repeatable) {
      added->delimiter(',');
    } else {
      added->expected(1);
    }
    if (!option.default_value.empty()) added->default_str(option.default_value);
    if (option.required) added->required();
  }
  sub->callback([&context, values, run = std::move(command.run)] {
    context.action = [&context, values, run] { return run(context, *values); };
  });
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           BarSourceFactory replay_source, std::vector<ExternalCommand> external,
           LiveConnectionFactory live_connection) {
  CLI::App app("tapedeck: a market-data session engine for US equities", "tapedeck");
  app.require_subcommand(1);
  app.fallthrough();  // --db and --log-level may also follow the command's name.
  app.set_version_flag("--version", "tapedeck 0.1.0");
  CliContext context{
      out, err, "", Status::Ok(), {}, std::move(replay_source), std::move(live_connection), {}};
  std::string db_option;
  std::string log_level = "warn";
  app.add_option("--db", db_option,
                 "DuckDB store file (default: $TAPEDECK_DB, else data/tapedeck.duckdb)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str();

  AddImportCommand(app, context);
  AddDataCommands(app, context);
  AddExportCommand(app, context);
  AddCalendarCommand(app, context);
  AddValidateCommand(app, context);
  AddRunCommand(app, context);
  AddLiveCommand(app, context);
  AddComputeCommand(app, context);
  AddShellCommand(app, context);
  for (ExternalCommand& command : external) AddExternalCommand(app, context, std::move(command));

  app.parse_complete_callback([&] {
    const char* env = std::getenv("TAPEDECK_DB");
    context.db_path = !db_option.empty()              ? db_option
                      : (env != nullptr && *env != 0) ? env
                                                      : store::kDefaultStorePath;
    InitLogging();
    if (Status level = SetLogLevel(log_level); !level.ok()) context.status = level;
  });

  // The first word that is not a global option (or its value) names the command.
  std::string command;
  for (size_t i = 0; i < args.size() && command.empty(); ++i) {
    if (args[i] == "--db" || args[i] == "--log-level") {
      ++i;
    } else if (!args[i].starts_with("-")) {
      command = args[i];
    }
  }
  std::string names;
  bool known = false;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
    known = known || sub->get_name() == command;
  }
  if (!command.empty() && !known) {
    err << "tapedeck: unknown command '" << command << "': the commands are " << names
        << " (see tapedeck --help)\n";
    return 1;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << "tapedeck 0.1.0\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "tapedeck: " << e.what() << " (see tapedeck --help)\n";
    return 1;
  }
  if (context.status.ok() && context.action) context.status = context.action();
  if (context.status.ok()) return context.exit_code.value_or(0);
  const Error& error = context.status.error();
  err << "tapedeck: " << error.message() << '\n';
  return error.is_user_error() ? 1 : 2;
}

}  // namespace tapedeck::cli
