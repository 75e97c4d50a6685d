using Ambient.Runtime.Agents;
using Ambient.Runtime.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ambient.Cli.Commands;

/// <summary>
/// The workers of <c>ambient up</c>: one host running every agent in the directory, or with <c>--secure</c> one host per
/// agent authenticated as its own KafkaUser <c>ambient-worker-&lt;agent&gt;</c>, as the Deployments in k8s/ and the
/// services of docker-compose.yml run them. <see cref="Setup"/> creates and checks the topics: the worker host itself,
/// or with <c>--secure</c> a host of every agent that is never started and connects as <c>ambient-operator</c>.
/// </summary>
internal sealed class UpWorkers : IDisposable
{
    private UpWorkers(IHost setup, IReadOnlyList<IHost> hosts)
    {
        Setup = setup;
        Hosts = hosts;
    }

    public IHost Setup { get; }

    public IReadOnlyList<IHost> Hosts { get; }

    public IReadOnlyList<AgentDefinition> Agents => Setup.Services.GetRequiredService<AgentCatalog>().Agents;

    /// <summary>The hosts, or the error message and exit code: an invalid agent file, or an agent without a KafkaUser.</summary>
    public static (UpWorkers? Workers, string? Error, int ExitCode) TryBuild(string bootstrapServers, string agentsDirectory, LocalKafkaUsers? users)
    {
        IHost? setup = null;
        var hosts = new List<IHost>();
        try
        {
            if (users is null)
            {
                // The one process with the weekly digest schedule.
                setup = Build(bootstrapServers, agentsDirectory, new() { ["Ambient:Schedules:WeeklyDigest:Enabled"] = "true" });
                return (new UpWorkers(setup, [setup]), null, ExitCodes.Success);
            }

            setup = Build(bootstrapServers, agentsDirectory, users.ClientSettings(LocalKafkaUsers.OperatorUser));
            var agents = setup.Services.GetRequiredService<AgentCatalog>().Agents.Select(a => a.Name).ToList();
            if (agents.FirstOrDefault(a => !users.Has(LocalKafkaUsers.WorkerUser(a))) is { } unknown)
            {
                setup.Dispose();
                return (null, $"agent '{unknown}' in {Path.GetFullPath(agentsDirectory)} has no KafkaUser {LocalKafkaUsers.WorkerUser(unknown)} (scram-sha-512) in {Path.GetFullPath(users.UsersPath)}: "
                    + "add one with the ACLs its worker needs (see the other ambient-worker-* users), or pass another --users.", ExitCodes.InvalidAgents);
            }

            foreach (var agent in agents)
            {
                var settings = users.ClientSettings(LocalKafkaUsers.WorkerUser(agent));
                settings["Ambient:Worker:Agents:0"] = agent;
                // One budget ledger processor in this process (the first worker's) is enough; the others lease from it.
                settings["Ambient:Budgets:RunLedger"] = hosts.Count == 0 ? "true" : "false";
                settings["Ambient:Kafka:ClientId"] = "worker-" + agent;
                if (agent == WeeklyDigest.Name)
                {
                    // Only its user may write the schedule topic, as only its worker has the schedule in docker-compose.yml.
                    settings["Ambient:Schedules:WeeklyDigest:Enabled"] = "true";
                }

                hosts.Add(Build(bootstrapServers, agentsDirectory, settings));
            }

            return (new UpWorkers(setup, hosts), null, ExitCodes.Success);
        }
        catch (AgentDefinitionException ex)
        {
            setup?.Dispose();
            hosts.ForEach(h => h.Dispose());
            return (null, ex.Message, ExitCodes.InvalidAgents);
        }
    }

    /// <summary>Starts every host; a <see cref="Ambient.Kafka.Topics.TopicLayoutException"/> from one stops those already started.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = new List<IHost>();
        try
        {
            foreach (var host in Hosts)
            {
                await host.StartAsync(cancellationToken);
                started.Add(host);
            }
        }
        catch
        {
            foreach (var host in started)
            {
                await host.StopAsync(CancellationToken.None);
            }

            throw;
        }
    }

    public async Task StopAsync()
    {
        await Task.WhenAll(Hosts.Select(h => h.StopAsync(CancellationToken.None)));
    }

    public void Dispose()
    {
        foreach (var host in Hosts.Append(Setup).Distinct())
        {
            host.Dispose();
        }
    }

    private static IHost Build(string bootstrapServers, string agentsDirectory, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "ambient" });
        settings["Ambient:Kafka:BootstrapServers"] = bootstrapServers;
        settings["Ambient:Worker:AgentsDirectory"] = agentsDirectory;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAmbientDefaults();
        builder.AddAmbientWorker();
        return builder.Build();
    }
}
