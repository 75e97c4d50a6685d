using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Runtime.Redaction;

namespace Ambient.Runtime.Tests.Redaction;

/// <summary>The redaction step: each credential format the product promises to mask, in text and in JSON event data.</summary>
public sealed class SecretMaskerTests
{
    private const string GitHubToken = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    [Theory]
    [InlineData("token " + GitHubToken + " here", "github-token")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github-token")]
    [InlineData("bot xoxb-1234567890-abcdefghijkl in the log", "slack-token")]
    [InlineData("key " + AwsKey + ",", "aws-access-key")]
    [InlineData("auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "private-key")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA (cut short", "private-key")]
    public void Mask_EachKnownFormat_IsReplacedByItsPlaceholder(string text, string kind)
    {
        var masked = SecretMasker.Default.Mask(text);

        Assert.Equal(1, masked.Count);
        Assert.Contains($"[masked {kind} ", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdefghij", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("IOSFODNN7", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEowIBAAKCAQEA", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("b3BlbnNzaC1rZXktdjEAAAAA", masked.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_APasswordPair_KeepsTheNameMasksTheValueAndTheSameSecretGetsTheSamePlaceholder()
    {
        var masked = SecretMasker.Default.Mask("db password=hunter2hunter2 and later PASSWORD: hunter2hunter2, secret='s3cr3t'");

        Assert.Equal(3, masked.Count);
        Assert.StartsWith("db password=[masked secret-pair ", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", masked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", masked.Text, StringComparison.Ordinal);
        var placeholders = masked.Text.Split('[').Skip(1).Select(p => p[..p.IndexOf(']', StringComparison.Ordinal)]).ToList();
        Assert.Equal(placeholders[0], placeholders[1]);
        Assert.NotEqual(placeholders[0], placeholders[2]);
    }

    [Fact]
    public void Mask_ConfiguredLiteral_IsMaskedWhereverItAppearsAndShortOnesAreNot()
    {
        var masker = new SecretMasker([], ["sk-local-model-key-123", "short"]);

        var masked = masker.Mask("key sk-local-model-key-123 twice: sk-local-model-key-123, short stays");

        Assert.Equal(2, masked.Count);
        Assert.DoesNotContain("sk-local-model-key-123", masked.Text, StringComparison.Ordinal);
        Assert.Contains("[masked configured-value ", masked.Text, StringComparison.Ordinal);
        Assert.EndsWith("short stays", masked.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void MaskEvent_JsonData_StaysJsonWithSecretsMaskedValueByValueAndPasswordFieldsWhole()
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(new
        {
            issue = new { title = "leaked " + GitHubToken, body = "aws " + AwsKey + "\n-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----", number = 7 },
            labels = new[] { "ok", "xoxp-1234567890-abcdefghijkl" },
            config = new { password = "plain-text-pw", user = "octocat" },
        });
        var input = new AmbientEvent("evt-1", "https://github.com/octo/app", "com.github.issues.opened", "issue " + GitHubToken, null, "application/json", data);

        var (masked, count) = SecretMasker.Default.Mask(input);

        Assert.Equal(6, count);
        var text = Encoding.UTF8.GetString(masked.Data.Span);
        using var json = JsonDocument.Parse(masked.Data);
        Assert.Equal(7, json.RootElement.GetProperty("issue").GetProperty("number").GetInt32());
        Assert.Equal("octocat", json.RootElement.GetProperty("config").GetProperty("user").GetString());
        Assert.StartsWith("[masked secret-field ", json.RootElement.GetProperty("config").GetProperty("password").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("leaked [masked github-token ", json.RootElement.GetProperty("issue").GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(GitHubToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxp-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-text-pw", text, StringComparison.Ordinal);
        Assert.Equal("issue [masked github-token " + Hex6(GitHubToken) + "]", masked.Subject);
        Assert.Equal((input.Id, input.Type), (masked.Id, masked.Type));
    }

    [Fact]
    public void MaskEvent_WithoutSecrets_IsTheSameEventUntouched()
    {
        var input = new AmbientEvent("evt-2", "s", "t", "subject", null, "application/json", """{"a": "plain", "password_hint": "none"}"""u8.ToArray());

        var (masked, count) = SecretMasker.Default.Mask(input);

        Assert.Equal(0, count);
        Assert.Same(input, masked);
    }

    [Fact]
    public void MaskEvent_DataThatIsNotJson_IsMaskedAsText()
    {
        var input = new AmbientEvent("evt-3", "s", "t", null, null, "text/plain", Encoding.UTF8.GetBytes("log: token=" + GitHubToken));

        var (masked, count) = SecretMasker.Default.Mask(input);

        Assert.Equal(1, count);
        Assert.DoesNotContain(GitHubToken, Encoding.UTF8.GetString(masked.Data.Span), StringComparison.Ordinal);
    }

    private static string Hex6(string secret) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 3));
}
