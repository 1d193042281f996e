// open()'s user and password: a 401 challenge is answered once with them (as Basic
// credentials); a wrong password ends with the 401; without them the 401 stands.
function get(user, password, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/basic-auth?user=ann&pass=s3cret', true, user, password);
    xhr.onloadend = function () { then(xhr.status + ' ' + xhr.responseText); };
    xhr.send();
}
get('ann', 's3cret', function (right) {
    console.log('right credentials: ' + right);
    get('ann', 'wrong', function (wrong) {
        console.log('wrong password: ' + wrong);
        get(undefined, undefined, function (none) {
            console.log('no credentials: ' + none);
            get('ann', null, function (userOnly) { console.log('user without password: ' + userOnly); });
        });
    });
});
