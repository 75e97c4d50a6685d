using System.CommandLine;
using System.Text.Json;
using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient policy apply|delete|list|test</c>: puts policies in force on the governance topic (every worker and
/// executor follows it), shows what is in force, and explains the decision a policy set makes for one action.
/// </summary>
internal static class PolicyCommand
{
    public static Command Create() => new("policy", "Policies: which tool calls and actions are allowed, reviewed, need approval or are denied (docs/governance.md).")
    {
        Apply(), Delete(), List(), Test(),
    };

    private static Command Apply()
    {
        var files = new Option<string[]>("--file", "-f") { Description = "A policy file, or a directory of them (*.yaml); repeatable.", Required = true, AllowMultipleArgumentsPerToken = true };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("apply", "Read the policies (every error named by file, line and field) and put them in force; a policy of the same name is replaced.")
        {
            files, bootstrap, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Read(parse.GetValue(files)!) is not { } policies)
            {
                return ExitCodes.InvalidArguments;
            }

            return await KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
            {
                var writer = new GovernanceWriter(host.Services.GetRequiredService<KafkaRecordPublisher>(), Topics(host).Policy);
                foreach (var policy in policies.Documents)
                {
                    await writer.ApplyAsync(policy, cancellationToken);
                    await Console.Out.WriteLineAsync($"applied policy {policy.Name} ({policy.Rules.Count} rules, default {Verdict(policy.Default)}) from {policy.SourceFile}");
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("name") { Description = "The policy's name." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("delete", "Take a policy out of force.") { name, bootstrap, timeout };
        command.SetAction((parse, cancellationToken) => KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
        {
            var current = await InForceAsync(host, cancellationToken);
            if (current.Policies.Documents.All(p => p.Name != parse.GetValue(name)))
            {
                await Console.Error.WriteLineAsync($"error: no policy named '{parse.GetValue(name)}' is in force (in force: {Names(current.Policies)}).");
                return ExitCodes.InvalidArguments;
            }

            await new GovernanceWriter(host.Services.GetRequiredService<KafkaRecordPublisher>(), Topics(host).Policy).DeleteAsync(parse.GetValue(name)!, cancellationToken);
            await Console.Out.WriteLineAsync($"deleted policy {parse.GetValue(name)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {name, description, default, rules, file}." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("list", "The policies in force, in the order they are evaluated.") { json, bootstrap, timeout };
        command.SetAction((parse, cancellationToken) => KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), async host =>
        {
            var current = await InForceAsync(host, cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(current.Policies.Documents.Select(p => new
                {
                    name = p.Name, description = p.Description, @default = Verdict(p.Default), rules = p.Rules.Select(r => new { name = r.Name, decision = Verdict(r.Verdict) }), file = p.SourceFile,
                })));
                return ExitCodes.Success;
            }

            await Console.Out.WriteLineAsync($"policy set version {current.Policies.Version}: {current.Policies.Documents.Count} policies");
            foreach (var policy in current.Policies.Documents)
            {
                await Console.Out.WriteLineAsync($"  {policy.Name,-28} {policy.Rules.Count,3} rules  default {Verdict(policy.Default)}  {policy.Description}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Test()
    {
        var files = new Option<string[]>("--file", "-f") { Description = "Policy files or directories to test; default: the policies in force on the topic.", AllowMultipleArgumentsPerToken = true };
        var action = new Option<string>("--action") { Description = "A JSON file: {agent, tool | target+operation, arguments, eventType, ingress, confidence, at}.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON." };
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var command = new Command("test", "Explain the decision the policies make for one tool call or action: which rule matched, and why each other did not.")
        {
            files, action, json, bootstrap, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await PolicyTestInput.ReadAsync(parse.GetValue(action)!, cancellationToken) is not { } input)
            {
                return ExitCodes.InvalidArguments;
            }

            if (parse.GetValue(files) is { Length: > 0 } given)
            {
                return Read(given) is { } read ? await ExplainAsync(read, input, parse.GetValue(json)) : ExitCodes.InvalidArguments;
            }

            return await KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout),
                async host => await ExplainAsync((await InForceAsync(host, cancellationToken)).Policies, input, parse.GetValue(json)));
        });
        return command;
    }

    private static async Task<int> ExplainAsync(PolicySet policies, PolicyInput input, bool json)
    {
        var decision = policies.Evaluate(input);
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                decision = Verdict(decision.Verdict), policy = decision.Policy, rule = decision.Rule, reason = decision.Reason, approvers = decision.Approvers,
                expiresInSeconds = decision.ExpiresIn?.TotalSeconds, onExpiry = decision.OnExpiry is { } expiry ? Verdict(expiry) : null, explanation = decision.Explanation,
            }));
            return ExitCodes.Success;
        }

        await Console.Out.WriteLineAsync($"{Verdict(decision.Verdict)}: {decision.Reason}");
        if (decision.Verdict == PolicyVerdict.Approve)
        {
            await Console.Out.WriteLineAsync($"  approvers {string.Join(", ", decision.Approvers)}; expires in {decision.ExpiresIn}, then {Verdict(decision.OnExpiry ?? PolicyVerdict.Deny)}");
        }

        await Console.Out.WriteLineAsync($"policy set version {policies.Version}; evaluated:");
        foreach (var line in decision.Explanation)
        {
            await Console.Out.WriteLineAsync("  " + line);
        }

        return ExitCodes.Success;
    }

    /// <summary>The policies in the given files and directories, or null after printing the first error.</summary>
    private static PolicySet? Read(IEnumerable<string> paths)
    {
        try
        {
            var documents = new List<PolicyDocument>();
            foreach (var path in paths)
            {
                documents.AddRange(Directory.Exists(path) ? PolicySet.Load(path).Documents : [PolicyReader.Read(path, File.ReadAllText(path))]);
            }

            return PolicySet.From(documents);
        }
        catch (Exception ex) when (ex is PolicyException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return null;
        }
    }

    private static AmbientTopics Topics(IHost host) => host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value;

    private static Task<GovernanceSnapshot> InForceAsync(IHost host, CancellationToken cancellationToken) =>
        GovernanceReader.ReadAsync(host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, Topics(host).Policy, cancellationToken);

    private static string Names(PolicySet set) => set.Documents.Count == 0 ? "none" : string.Join(", ", set.Documents.Select(p => p.Name));

    private static string Verdict(PolicyVerdict verdict) => verdict.ToText();
}
