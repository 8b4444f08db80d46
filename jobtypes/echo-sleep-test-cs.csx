// Echo Sleep Test, in C#: the twin of echo-sleep-test.js, task for task and command for command.
// One "echo" task prints the message; then `sleep_repeats` "sleep" tasks each wait
// `sleep_duration_seconds`, and only start once the echo task is done.
//
// Settings are used as submitted: the Manager does not fill in the defaults below (the
// submitter does), so without `sleep_repeats` there is no sleep task.

JobType = new()
{
    Label = "Echo Sleep Test (C#)",
    Settings =
    [
        new() { Key = "message", Type = "string", Required = true },
        new() { Key = "sleep_duration_seconds", Type = "int32", Default = 1 },
        new() { Key = "sleep_repeats", Type = "int32", Default = 1 },
    ],
};

void CompileJob(Job job)
{
    var settings = job.Settings;

    var echoTask = Author.Task("echo", "misc");
    echoTask.AddCommand(Author.Command("echo", new { message = settings.GetString("message") }));
    job.AddTask(echoTask);

    var repeats = settings.GetInt("sleep_repeats") ?? 0;
    for (var repeat = 0; repeat < repeats; repeat++)
    {
        var sleepTask = Author.Task("sleep", "misc");
        sleepTask.AddCommand(Author.Command("sleep", new { duration_in_seconds = settings.GetInt("sleep_duration_seconds") }));
        sleepTask.AddDependency(echoTask);
        job.AddTask(sleepTask);
    }
}
