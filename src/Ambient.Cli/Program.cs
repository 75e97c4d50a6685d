using System.CommandLine;
using Ambient.Cli.Commands;

var root = new RootCommand("Ambient: event-driven runtime for ambient AI agents on Apache Kafka.")
{
    UpCommand.Create(),
    BrokerCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
