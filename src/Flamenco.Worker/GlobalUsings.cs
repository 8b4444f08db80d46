// Flamenco's task status, not System.Threading.Tasks.TaskStatus, is the one this Worker talks about.
global using TaskStatus = Flamenco.Api.TaskStatus;
