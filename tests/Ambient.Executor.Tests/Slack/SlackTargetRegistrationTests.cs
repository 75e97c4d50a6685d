using Ambient.Abstractions.Actions;
using Ambient.Executor.Targets;
using Ambient.Executor.Targets.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Tests.Slack;

public sealed class SlackTargetRegistrationTests
{
    [Fact]
    public void AddAmbientSlackTarget_Twice_RegistersOneSlackTargetBesideTheOthers()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddSingleton<IActionTarget, OtherTarget>();

        services.AddAmbientSlackTarget(configuration).AddAmbientSlackTarget(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(["other", "slack"], provider.GetServices<IActionTarget>().Select(target => target.Name).Order());
    }

    [Fact]
    public void Options_RelativeBaseUrl_FailNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Ambient:Executors:Slack:BaseUrl"] = "slack/api" }).Build();
        using var provider = new ServiceCollection().AddAmbientSlackTarget(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SlackTargetOptions>>().Value);

        Assert.Contains("Ambient:Executors:Slack:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    private sealed class OtherTarget : IActionTarget
    {
        public string Name => "other";

        public string ScopeOf(ActionRecord action) => "";

        public string Describe(ActionRecord action, ApplyContext context) => "";

        public Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken) =>
            Task.FromResult(TargetOutcome.Applied(null));

        public Task<TargetOutcome?> FindAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken) =>
            Task.FromResult<TargetOutcome?>(null);
    }
}
