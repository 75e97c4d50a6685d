using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Worker.Inventory;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient agents list|show</c>: the agent inventory. Each agent of the agent files with its owner, purpose, risk tier,
/// tools with their kinds and zones under the policies in force, MCP servers, model, budgets and version.
/// <c>ambient agents drift</c> is <see cref="AgentsDriftCommand"/>, <c>ambient agents convert</c> <see cref="AgentsConvertCommand"/>, <c>ambient agents apply</c> <see cref="AgentsApplyCommand"/>.
/// </summary>
internal static class AgentsCommand
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static Command Create() => new("agents", "The agent inventory: who owns each agent, what it may do and in which risk zones (docs/governance.md#inventory).")
    {
        List(), Show(), AgentsDriftCommand.Create(), AgentsConvertCommand.Create(), AgentsApplyCommand.Create(),
    };

    private static Command List()
    {
        var options = new Options();
        var command = new Command("list", "Every agent of the agent files: owner, risk tier, tools, MCP servers, model, daily token budget, version, purpose.");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (agents, source, exitCode) = await AgentInventories.LoadAsync(options.Read(parse), only: null, cancellationToken);
            if (agents is null)
            {
                return exitCode;
            }

            await Console.Out.WriteLineAsync(parse.GetValue(options.Json)
                ? new JsonArray([.. agents.Select(AgentInventoryJson.Write)]).ToJsonString(s_json)
                : AgentsOutput.Table(agents, source));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The agent's name, as in its file." };
        var options = new Options();
        var command = new Command("show", "One agent in full: each tool's kind and every zone its calls can fall in, with the rule and condition.") { name };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (agents, source, exitCode) = await AgentInventories.LoadAsync(options.Read(parse), parse.GetValue(name), cancellationToken);
            if (agents is null)
            {
                return exitCode;
            }

            await Console.Out.WriteLineAsync(parse.GetValue(options.Json)
                ? AgentInventoryJson.Write(agents[0]).ToJsonString(s_json)
                : AgentsOutput.Detail(agents[0], source));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The options both subcommands take.</summary>
    private sealed class Options
    {
        public Option<DirectoryInfo> Agents { get; } = new("--agents")
        {
            Description = "Directory of agent files, as for `ambient up`.",
            DefaultValueFactory = _ => new DirectoryInfo("agents"),
        };

        public Option<DirectoryInfo?> Policies { get; } = new("--policies")
        {
            Description = "Read the zones from these policy files instead of the policies in force on the governance topic.",
        };

        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON: an array of agents (list), one agent (show)." };

        public Option<string> Bootstrap { get; } = KafkaConnection.BootstrapOption();

        public Option<int> Timeout { get; } = KafkaConnection.TimeoutOption();

        public void AddTo(Command command)
        {
            command.Options.Add(Agents);
            command.Options.Add(Policies);
            command.Options.Add(Json);
            command.Options.Add(Bootstrap);
            command.Options.Add(Timeout);
        }

        public AgentsArguments Read(ParseResult parse) =>
            new(parse.GetValue(Agents)!, parse.GetValue(Policies), parse.GetValue(Bootstrap)!, parse.GetValue(Timeout));
    }
}
