using System.Globalization;
using Ambient.Executor.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Executor.Tests.Slack;

/// <summary>The Slack target as the executor gets it: registered by AddAmbientSlackTarget from configuration.</summary>
internal sealed class SlackTargetHost : IDisposable
{
    public const string BotToken = "xoxb-1234-5678-test";

    private readonly ServiceProvider _services;

    public SlackTargetHost(string baseUrl, string? botToken = BotToken, TimeSpan? timeout = null)
    {
        // Unset keys are left out, as in a real configuration: a null value would bind as zero.
        var settings = new Dictionary<string, string?> { ["Ambient:Executors:Slack:BaseUrl"] = baseUrl };
        if (botToken is not null)
        {
            settings["Ambient:Executors:Slack:BotToken"] = botToken;
        }

        if (timeout is { } total)
        {
            settings["Ambient:Executors:Slack:Timeout"] = total.ToString("c", CultureInfo.InvariantCulture);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddAmbientSlackTarget(configuration).BuildServiceProvider(validateScopes: true);
        Target = _services.GetServices<IActionTarget>().Single(target => target.Name == "slack");
    }

    public IActionTarget Target { get; }

    public void Dispose() => _services.Dispose();
}
