using System.Diagnostics.CodeAnalysis;

namespace Ambient.Gateway.Http;

/// <summary>Checks on names and ids taken from headers and payloads before they become CloudEvent attributes.</summary>
internal static class Names
{
    /// <summary>A lowercase word such as a GitHub event or action name (<c>pull_request_review</c>), at most 64 characters.</summary>
    public static bool IsEventWord([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.');

    /// <summary>A printable id of at most 256 characters (it becomes a Kafka header and the de-duplication key).</summary>
    public static bool IsId([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= 256 } && value.All(c => c is > ' ' and < (char)0x7f);
}
