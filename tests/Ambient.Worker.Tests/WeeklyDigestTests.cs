using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Testing;
using Ambient.Worker.Schedules;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Worker.Tests;

public sealed class WeeklyDigestTests(KafkaFixture kafka)
{
    [Fact]
    public async Task WeeklyDigest_WeekOfGitHubEvents_EmailsAdminsTheAggregatedSummary()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("weekly-digest"));
        var worker = await harness.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Ambient:Schedules:WeeklyDigest:Recipients:0"] = "admins@acme.example",
        });
        AmbientEvent Issue(string repository, int number) => new(Guid.NewGuid().ToString(), $"https://github.com/{repository}",
            CloudEventTypes.GitHub("issues", "opened"), $"{repository}#{number}", null, "application/json",
            Encoding.UTF8.GetBytes($$$"""{"action":"opened","issue":{"number":{{{number}}}},"repository":{"full_name":"{{{repository}}}"}}"""));
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "k", Issue("acme/shop", 1), Issue("acme/shop", 2), Issue("acme/docs", 7));

        var tick = await worker.Services.GetRequiredService<WeeklyDigestPublisher>().PublishAsync(TimeProvider.System.GetUtcNow().AddSeconds(5), cancellation);
        var email = AmbientRecordReader.Action((await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 1, cancellation)).Single().Message.Value);

        Assert.StartsWith("weekly-digest/", tick.Id, StringComparison.Ordinal);
        Assert.Equal(("email", "send_email"), (email.Target, email.Operation));
        Assert.Equal("""["admins@acme.example"]""", email.Arguments.GetProperty("to").GetRawText());
        Assert.EndsWith(": 3 events", email.Arguments.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var body = email.Arguments.GetProperty("body").GetString();
        Assert.Contains("- com.github.issues.opened: 3", body, StringComparison.Ordinal);
        Assert.Contains("- acme/shop: 2", body, StringComparison.Ordinal);
        Assert.Contains("- acme/docs: 1", body, StringComparison.Ordinal);
    }
}
