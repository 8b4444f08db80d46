using Jint;
using Jint.Native;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

internal static class JsValueChecks
{
    /// <summary><c>null</c> or <c>undefined</c>: what Go reads as a zero value.</summary>
    public static bool IsNullish(this JsValue value) => value.IsNull() || value.IsUndefined();
}
