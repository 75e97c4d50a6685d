using System.CommandLine;
using Ambient.Governance.State;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient pause</c> and <c>ambient resume</c>: the kill switch. A pause is a record on the governance topic, so it
/// survives restarts; every worker holds the agent's runs at their next step and stops fetching its events, and the
/// executors stop applying its actions, until <c>resume</c>. Nothing is skipped: held events wait on their topics.
/// </summary>
internal static class PauseCommand
{
    public static Command CreatePause() => Create("pause", "Stop an agent (or every agent and the executors): runs hold at their next step, events wait, nothing is skipped.", pause: true);

    public static Command CreateResume() => Create("resume", "Let a paused agent (or every agent) go on from where it stopped.", pause: false);

    private static Command Create(string name, string description, bool pause)
    {
        var agent = new Option<string?>("--agent") { Description = "The agent." };
        var all = new Option<bool>("--all") { Description = pause ? "Every agent, and the executors." : "Lift the pause of every agent (pauses of single agents stay)." };
        var reason = new Option<string?>("--reason") { Description = "Why, for whoever looks (recorded with the pause)." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command(name, description) { agent, all, bootstrap, timeout };
        if (pause)
        {
            command.Options.Add(reason);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (one, every) = (parse.GetValue(agent), parse.GetValue(all));
            if ((one is null) == !every || (one is not null && one.Length == 0))
            {
                await Console.Error.WriteLineAsync($"error: give exactly one of --agent NAME and --all.");
                return ExitCodes.InvalidArguments;
            }

            var target = one ?? GovernanceKeys.AllAgents;
            return await KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
            {
                var writer = new GovernanceWriter(host.Services.GetRequiredService<KafkaRecordPublisher>(), host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.Policy);
                var who = one is null ? "every agent and the executors" : $"agent {one}";
                if (pause)
                {
                    await writer.PauseAsync(new PauseRecord(target, parse.GetValue(reason), Environment.UserName, TimeProvider.System.GetUtcNow()), cancellationToken);
                    await Console.Out.WriteLineAsync($"paused {who}: runs hold at their next step, events wait; `ambient resume {(one is null ? "--all" : $"--agent {one}")}` lets them go on");
                }
                else
                {
                    await writer.ResumeAsync(target, cancellationToken);
                    await Console.Out.WriteLineAsync($"resumed {who}");
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
