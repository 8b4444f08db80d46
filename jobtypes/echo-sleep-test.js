// Echo Sleep Test: a job type for trying out a farm without Blender.
// One "echo" task prints the message; then `sleep_repeats` "sleep" tasks each wait
// `sleep_duration_seconds`, and only start once the echo task is done.
//
// Settings are used as submitted: like Flamenco, the Manager does not fill in the
// defaults below (the submitter does), so without `sleep_repeats` there is no sleep task.

const JOB_TYPE = {
    label: "Echo Sleep Test",
    settings: [
        { key: "message", type: "string", required: true },
        { key: "sleep_duration_seconds", type: "int32", default: 1 },
        { key: "sleep_repeats", type: "int32", default: 1 },
    ],
};

function compileJob(job) {
    const settings = job.settings;

    const echoTask = author.Task("echo", "misc");
    echoTask.addCommand(author.Command("echo", { message: settings.message }));
    job.addTask(echoTask);

    for (let repeat = 0; repeat < settings.sleep_repeats; repeat++) {
        const sleepTask = author.Task("sleep", "misc");
        sleepTask.addCommand(author.Command("sleep", { duration_in_seconds: settings.sleep_duration_seconds }));
        sleepTask.addDependency(echoTask);
        job.addTask(sleepTask);
    }
}
