using Ambient.Llm.Offline;
using Ambient.Testing.FakeOpenAi;
using Ambient.Llm.Tests.Support;

namespace Ambient.Llm.Tests;

public sealed class ChatModelFactoryTests
{
    private static readonly ChatModelFactory s_noEnvironment = new(_ => null);

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public void Create_Offline_ReturnsOfflineModel()
    {
        var model = s_noEnvironment.Create(ModelSpec.OfflineModel, OfflineRuleSet.Empty);

        Assert.IsType<OfflineChatModel>(model);
        Assert.Equal("offline", model.ModelId);
    }

    [Fact]
    public void Create_OfflineWithBadRule_ThrowsOfflineRuleException()
    {
        var rules = new OfflineRuleSet([new OfflineRule("broken", new OfflineCondition([], [new FieldCondition("issue", EqualTo: "x")]), [], null)]);

        var error = Assert.Throws<OfflineRuleException>(() => s_noEnvironment.Create(ModelSpec.OfflineModel, rules));

        Assert.StartsWith("Offline rule 'broken'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null, "gpt-4o-mini", "model.provider is required: offline or openai-compatible.")]
    [InlineData("anthropic", null, "gpt-4o-mini", "model.provider 'anthropic' is not supported: use offline or openai-compatible.")]
    [InlineData("openai-compatible", null, "gpt-4o-mini", "model.endpoint is required for openai-compatible.")]
    [InlineData("openai-compatible", "http://127.0.0.1:11434/v1", null, "model.modelId is required for openai-compatible.")]
    [InlineData("openai-compatible", "http://127.0.0.1:11434/v1", " ", "model.modelId is required for openai-compatible.")]
    [InlineData("openai-compatible", "ftp://models.example.com/v1", "m", "model.endpoint 'ftp://models.example.com/v1' must be an absolute http or https URL, e.g. http://localhost:11434/v1.")]
    [InlineData("openai-compatible", "/v1", "m", "model.endpoint '/v1' must be an absolute http or https URL, e.g. http://localhost:11434/v1.")]
    public void Create_InvalidSpec_ThrowsNamingField(string provider, string? endpoint, string? modelId, string expected)
    {
        var spec = new ModelSpec(provider, endpoint is null ? null : new Uri(endpoint, UriKind.RelativeOrAbsolute), modelId);

        var error = Assert.Throws<ModelConfigurationException>(() => s_noEnvironment.Create(spec, OfflineRuleSet.Empty));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Create_RemoteEndpointWithUnsetVariable_ThrowsNamingVariable()
    {
        var spec = new ModelSpec(ModelSpec.OpenAiCompatible, new Uri("https://api.openai.com/v1"), "gpt-4o-mini", "AMBIENT_TEST_UNSET_KEY");

        var error = Assert.Throws<ModelConfigurationException>(() => s_noEnvironment.Create(spec, OfflineRuleSet.Empty));

        Assert.Equal(
            "Environment variable AMBIENT_TEST_UNSET_KEY (model.apiKeyEnvironmentVariable) holds no API key for https://api.openai.com/v1; set it, or use a loopback endpoint.",
            error.Message);
    }

    [Fact]
    public void Create_RemoteEndpointWithoutVariableName_ThrowsNamingField()
    {
        var spec = new ModelSpec(ModelSpec.OpenAiCompatible, new Uri("https://api.openai.com/v1"), "gpt-4o-mini");

        var error = Assert.Throws<ModelConfigurationException>(() => s_noEnvironment.Create(spec, OfflineRuleSet.Empty));

        Assert.Equal("model.apiKeyEnvironmentVariable is required for the non-loopback endpoint https://api.openai.com/v1.", error.Message);
    }

    [Fact]
    public void Create_RemoteEndpointWithProcessVariable_ReadsProcessEnvironment()
    {
        var variable = $"AMBIENT_TEST_KEY_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "sk-from-process");
        try
        {
            var model = new ChatModelFactory().Create(
                new ModelSpec(ModelSpec.OpenAiCompatible, new Uri("https://api.openai.com/v1"), "gpt-4o-mini", variable),
                OfflineRuleSet.Empty);

            Assert.IsNotType<OfflineChatModel>(model);
            Assert.Equal("gpt-4o-mini", model.ModelId);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Create_EndpointWithTrailingSlash_PostsToChatCompletions()
    {
        await using var server = await FakeOpenAiServer.StartAsync(cancellationToken: _cancellation);
        server.Enqueue(FakeOpenAiReply.WithText("hello"));
        var model = s_noEnvironment.Create(new ModelSpec(ModelSpec.OpenAiCompatible, new Uri($"{server.Endpoint}/"), "llama3.1"), OfflineRuleSet.Empty);

        var reply = await model.CompleteAsync(new ChatRequest("hi", [ChatTurn.User("hello?")], [], 64, TestEvents.IssueOpened()), _cancellation);

        Assert.Equal("hello", reply.Text);
    }

    [Theory]
    [InlineData(null, null, "Bearer " + ChatModelFactory.LoopbackPlaceholderApiKey)]
    [InlineData("LOCAL_KEY", null, "Bearer " + ChatModelFactory.LoopbackPlaceholderApiKey)]
    [InlineData("LOCAL_KEY", "sk-local", "Bearer sk-local")]
    public async Task Create_LoopbackEndpoint_SendsKeyOrPlaceholder(string? variable, string? value, string expectedAuthorization)
    {
        await using var server = await FakeOpenAiServer.StartAsync(cancellationToken: _cancellation);
        server.Enqueue(FakeOpenAiReply.WithText("hello"));
        var factory = new ChatModelFactory(name => name == variable ? value : null);
        var model = factory.Create(new ModelSpec(ModelSpec.OpenAiCompatible, server.Endpoint, "llama3.1", variable), OfflineRuleSet.Empty);

        var reply = await model.CompleteAsync(new ChatRequest("hi", [ChatTurn.User("hello?")], [], 64, TestEvents.IssueOpened()), _cancellation);

        Assert.Equal("hello", reply.Text);
        var request = Assert.Single(server.Requests);
        Assert.Equal(expectedAuthorization, request.Authorization);
        Assert.Equal("llama3.1", request.Model);
    }
}
