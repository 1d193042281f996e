// responseText grows while LOADING: a body dripped in 4 pieces of 5 bytes, 150 ms apart, is
// readable piece by piece at the progress events (pieces may coalesce, so only the shape of the
// sequence is checked), and readystatechange keeps firing in LOADING as data arrives.
var xhr = new XMLHttpRequest();
var lengths = [], loadingChanges = 0, textAtLoading = [];
xhr.onreadystatechange = function () {
    if (xhr.readyState === 3) {
        loadingChanges++;
        textAtLoading.push(xhr.responseText);
    }
};
xhr.onprogress = function (e) {
    lengths.push(xhr.responseText.length);
    if (e.loaded !== xhr.responseText.length) console.log('progress loaded ' + e.loaded + ' but responseText.length ' + xhr.responseText.length);
    if (xhr.readyState !== 3) console.log('progress at readyState ' + xhr.readyState);
};
xhr.onload = function () {
    // Not strictly: the progress event at the end of the body repeats the last length.
    var increasing = lengths.every(function (v, i) { return i === 0 || v >= lengths[i - 1]; });
    var distinct = lengths.filter(function (v, i) { return i === 0 || v !== lengths[i - 1]; });
    console.log('increasing: ' + increasing);
    console.log('distinct lengths before load: ' + (distinct.length >= 2 ? 'at least 2' : distinct.join(',')));
    console.log('first length below 20: ' + (lengths[0] < 20));
    console.log('last length: ' + lengths[lengths.length - 1]);
    console.log('readystatechange in LOADING: ' + (loadingChanges >= 2 ? 'several' : loadingChanges));
    console.log('every LOADING text a prefix of the final one: ' + textAtLoading.every(function (t) { return xhr.responseText.indexOf(t) === 0; }));
    console.log('responseText: ' + xhr.responseText);
};
xhr.open('GET', '/drip?chunks=4&interval=150&size=5');
xhr.send();
