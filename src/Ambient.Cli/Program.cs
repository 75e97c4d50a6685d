using System.CommandLine;
using Ambient.Cli.Commands;

var root = new RootCommand("Ambient: event-driven runtime for ambient AI agents on Apache Kafka.")
{
    UpCommand.Create(),
    BrokerCommand.Create(),
    GatewayCommand.Create(),
    TopicsCommand.Create(),
    PublishCommand.Create(),
    PolicyCommand.Create(),
    AgentsCommand.Create(),
    PauseCommand.CreatePause(),
    PauseCommand.CreateResume(),
    ApprovalsCommand.Create(),
    BudgetCommand.Create(),
    ScheduleCommand.Create(),
    RunsCommand.Create(),
    ReplayCommand.Create(),
    LagCommand.Create(),
    ScaleCommand.Create(),
    OperatorCommand.Create(),
};

// `ambient publish --data @file.json` reads the file itself: response files (@file expanded into arguments) are off.
// On SIGTERM/Ctrl+C the command gets this long to stop cleanly (consumers leave their groups, producers flush)
// before System.CommandLine gives up on it and exits with 143; a worker with many agents needs a few seconds.
return await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null })
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
