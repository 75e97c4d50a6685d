namespace Ambient.Gateway.A2a;

/// <summary>
/// The JSON a client speaks, told by the method it calls: A2A v1 (<c>SendMessage</c>, <c>GetTask</c>; ProtoJSON of
/// <c>a2a.proto</c>: <c>TASK_STATE_COMPLETED</c>, <c>ROLE_AGENT</c>, parts <c>{"text": ...}</c>) or A2A 0.3
/// (<c>message/send</c>, <c>tasks/get</c>; <c>kind</c> discriminators, <c>completed</c>, <c>agent</c>). Answers are
/// written in the dialect asked in; requests are read in either.
/// </summary>
internal enum A2aDialect
{
    V1,
    V03,
}
