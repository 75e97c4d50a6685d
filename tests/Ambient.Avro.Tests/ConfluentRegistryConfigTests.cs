using Ambient.Avro.Registry;
using Confluent.SchemaRegistry;

namespace Ambient.Avro.Tests;

public sealed class ConfluentRegistryConfigTests
{
    [Fact]
    public void From_EverySetting_PassesThroughToConfluentsConfig()
    {
        var options = new SchemaRegistryOptions
        {
            Url = "http://apicurio:8080/apis/ccompat/v7",
            RequestTimeout = TimeSpan.FromSeconds(2.5),
            MaxCachedSchemas = 64,
            BasicAuthUserInfo = "ambient:s3cret",
        };

        var config = ConfluentRegistryConfig.From(options);

        Assert.Equal("http://apicurio:8080/apis/ccompat/v7", config.Url);
        Assert.Equal(2500, config.RequestTimeoutMs);
        Assert.Equal(64, config.MaxCachedSchemas);
        Assert.Equal(AuthCredentialsSource.UserInfo, config.BasicAuthCredentialsSource);
        Assert.Equal("ambient:s3cret", config.BasicAuthUserInfo);
        Assert.Equal(1, config.MaxRetries);
    }

    [Fact]
    public void From_NoBasicAuth_SetsNoCredentials()
    {
        var config = ConfluentRegistryConfig.From(new SchemaRegistryOptions { Url = "http://schema-registry:8081" });

        Assert.Null(config.BasicAuthUserInfo);
        Assert.Null(config.BasicAuthCredentialsSource);
        Assert.Equal(10_000, config.RequestTimeoutMs);
        Assert.Equal(1000, config.MaxCachedSchemas);
    }
}
