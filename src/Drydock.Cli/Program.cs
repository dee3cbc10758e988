using Drydock;
using Drydock.Cli;

_ = NativeHeap.UseOneArena(); // before the walks' threads take arenas of their own (issue 18)
// A verb that reads layers loads OpenSSL and the gzip decoder on the other core while the rest starts (issue 17).
if (args.Length > 0 && args[0] is "image" or "sbom") Drydock.Images.Layers.LayerWarmUp.Start();
// An exception on a thread no command awaits would end the process with a .NET stack trace: say one line, exit 3.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    Console.Error.WriteLine(e.ExceptionObject is Exception ex ? DrydockCli.InternalError(ex) : "drydock: internal error");
    DrydockTemp.RemoveProcessDirectory();
    Environment.Exit(ExitCodes.RuntimeError);
};
// A faulted task nobody awaited is a bug, not a reason to crash later in the finalizer thread.
TaskScheduler.UnobservedTaskException += (_, e) => e.SetObserved();

try
{
    return await DrydockCli.RunAsync(args, Console.Out, Console.Error);
}
finally
{
    DrydockTemp.RemoveProcessDirectory();
}
