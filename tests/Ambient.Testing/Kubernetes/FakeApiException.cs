namespace Ambient.Testing.Kubernetes;

/// <summary>What the fake answers instead of an object: a Status with this code and reason.</summary>
internal sealed class FakeApiException(int code, string reason, string message) : Exception(message)
{
    public int Code => code;

    public string Reason => reason;

    public static FakeApiException NotFound(string what) => new(404, "NotFound", $"{what} not found");

    public static FakeApiException Conflict(string what) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {what}: the object has been modified; please apply your changes to the latest version and try again");
}
