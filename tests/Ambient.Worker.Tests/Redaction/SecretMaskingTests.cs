using Ambient.Kafka.Topics;
using Ambient.Worker.Topics;
using Ambient.Runtime.Agents;
using Ambient.Worker.Redaction;
using Microsoft.Extensions.Configuration;

namespace Ambient.Worker.Tests.Redaction;

/// <summary>The worker's masker from <c>Ambient:Redaction</c> and the secrets it is configured with.</summary>
public sealed class SecretMaskingTests
{
    [Fact]
    public void From_ConfiguredSecretsAndTheModelsApiKey_AreMaskedAsLiteralsWhereverTheyAppear()
    {
        Environment.SetEnvironmentVariable("AMBIENT_TEST_MASKED_MODEL_KEY", "sk-model-key-0123456789");
        var masker = SecretMasking.From(Configuration(
            ("Ambient:Executors:Slack:BotToken", "bot-token-value-1"),
            ("Ambient:Kafka:Consumer:sasl.password", "kafka-password-1"),
            ("Ambient:Gateway:GitHub:WebhookSecret", "webhook-secret-1"),
            ("Ambient:Kafka:BootstrapServers", "broker-1:9092")), [Agent("AMBIENT_TEST_MASKED_MODEL_KEY")]);

        var masked = masker.Mask("bot-token-value-1 kafka-password-1 webhook-secret-1 sk-model-key-0123456789 broker-1:9092");

        Assert.Equal(4, masked.Count);
        Assert.EndsWith(" broker-1:9092", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("value-1", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789", masked.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void From_AddedPatternAndADisabledBuiltIn_MaskWhatTheyAreToldTo()
    {
        var masker = SecretMasking.From(Configuration(
            ("Ambient:Redaction:Patterns:ticket-pin", @"PIN:\s*(?<value>\d{6})"),
            ("Ambient:Redaction:Disabled:0", "jwt")), []);

        var masked = masker.Mask("PIN: 123456 and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");

        Assert.Equal(1, masked.Count);
        Assert.StartsWith("PIN: [masked ticket-pin ", masked.Text, StringComparison.Ordinal);
        Assert.Contains("eyJhbGciOiJIUzI1NiJ9", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("jwt", masker.PatternNames);
    }

    [Theory]
    [InlineData("Ambient:Redaction:Patterns:broken", "([a-z", "Ambient:Redaction:Patterns:broken is not a regular expression")]
    [InlineData("Ambient:Redaction:Disabled:0", "passwords", "Ambient:Redaction:Disabled names 'passwords', which is not a built-in pattern")]
    public void From_AMistake_StopsTheStartNamingTheKey(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SecretMasking.From(Configuration((key, value)), []));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    private static AgentDefinition Agent(string apiKeyEnv) => AgentCatalog.FromFiles([("masked.yaml", $"""
        name: masked
        owner: team-test
        subscriptions:
          - topic: github
            types: [com.github.issues.opened]
        model:
          provider: openai-compatible
          endpoint: http://127.0.0.1:1/v1
          modelId: m
          apiKeyEnv: {apiKeyEnv}
        systemPrompt: s
        """)], new AmbientTopics().ForRuns(), knownTools: null).Agents.Single();
}
